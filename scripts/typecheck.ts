// npm run typecheck: tsc over everything tsconfig.json includes (runtime, generated clients and
// example checks, scripts, tools, tests, docs examples). Skipped when those files, the
// compiler settings and the lockfile (the tool and type package versions) are byte-identical
// to a passing run's (scripts/lib/step-cache.ts); tsc's own --incremental state covers the rest.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, repoRoot } from '../src/spec/project.js';
import { bin, main, runOrExit } from './lib/run.js';
import { cachedResult, inputsKey, storeResult } from './lib/step-cache.js';

/** What tsconfig.json includes (read from it, so the key never misses a folder), and what decides how it is checked. */
function inputs(): string[] {
  const config = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] };
  return ['tsconfig.json', 'package-lock.json', ...config.include];
}

main(async () => {
  // tsc reads the TypeScript files and the JSON they import; no .ts imports the JSON under
  // generated/ (bundles, change lists, loaded at run time), so a spec text edit leaves this key.
  const key = inputsKey(inputs().map((f) => path.join(repoRoot, f)), [], (file) => !(file.endsWith('.json') && file.startsWith(path.join(repoRoot, 'generated') + path.sep)));
  if (cachedResult('typecheck', 'all', key)) {
    console.log('✔ typecheck: unchanged since a passing run (cached; VENDOR_APIS_CACHE=off to re-run)');
    return;
  }
  await runOrExit('tsc -p tsconfig.json', bin('tsc'), ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(projectRoot, '.tmp', 'tsc', 'typecheck.tsbuildinfo')], repoRoot);
  storeResult('typecheck', 'all', key);
  console.log('✔ typecheck: no errors');
});
