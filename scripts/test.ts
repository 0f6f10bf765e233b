// npm test: every check, with the independent steps run at the same time. lint needs only the
// specs; generate comes first for the rest; check:drift, typecheck, build and docs need only
// what generate wrote; the vitest suites need all of it (dist/ and docs/site/ included).
// Each step's output is shown when it fails; the step times are printed as they finish.
// VENDOR_APIS_CACHE=off makes it a cold run: every record of proven work is forgotten first.
import { main, run } from './lib/run.js';
import { projectRoot } from '../src/spec/project.js';
import { cacheEnabled, clearCaches } from './lib/step-cache.js';

async function step(name: string): Promise<void> {
  const t0 = performance.now();
  const result = await run('npm', ['run', '--silent', name], { cwd: projectRoot });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.code !== 0) {
    process.stderr.write(`\n✖ npm run ${name} failed (exit ${result.code}, ${seconds} s):\n${result.output}\n`);
    process.exit(result.code || 1);
  }
  console.log(`✔ npm run ${name} (${seconds} s)`);
}

main(async () => {
  if (!cacheEnabled()) clearCaches();
  const t0 = performance.now();
  await Promise.all([
    step('lint'),
    (async () => {
      await step('generate');
      await Promise.all([step('check:drift'), step('typecheck'), step('build'), step('docs')]);
    })(),
  ]);
  console.log(`✔ pipeline (${((performance.now() - t0) / 1000).toFixed(1)} s); now the vitest suites:`);
  const vitest = await run('npm', ['run', '--silent', 'test:contract'], { cwd: projectRoot, echo: true });
  if (vitest.code !== 0) process.exit(vitest.code);
});
