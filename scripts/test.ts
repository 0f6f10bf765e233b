// npm test: every check, with the independent steps run at the same time. lint needs only the
// specs; generate comes first for the rest; check:drift, typecheck, build and docs need only
// what generate wrote; the vitest suites need all of it (dist/ and docs/site/ included).
// Each step's output is shown when it fails; the step times are printed as they finish.
//
// Then vitest, over the test files (and vendor shares of files) not already proven on
// byte-identical inputs (scripts/lib/test-results.ts): one line says what was skipped.
// `npm test -- --all` runs every file; so does CI=true, and a fresh clone has no records.
// VENDOR_APIS_CACHE=off makes it a cold run: every record of proven work is forgotten first.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { main, run, bin } from './lib/run.js';
import { UsageError, repoRoot } from '../src/spec/project.js';
import { cacheEnabled, clearCaches } from './lib/step-cache.js';
import { computeKeys, listTestFiles, planRun, readRecords, readReport, recordReport, SHARES_ENV, writeRecords } from './lib/test-results.js';

async function step(name: string): Promise<void> {
  const t0 = performance.now();
  const result = await run('npm', ['run', '--silent', name], { cwd: repoRoot });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.code !== 0) {
    process.stderr.write(`\n✖ npm run ${name} failed (exit ${result.code}, ${seconds} s):\n${result.output}\n`);
    process.exit(result.code || 1);
  }
  console.log(`✔ npm run ${name} (${seconds} s)`);
}

main(async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--all');
  if (unknown.length) throw new UsageError(`npm test: unknown argument ${unknown.join(' ')}. Usage: npm test [-- --all]  (--all reruns test files already proven on unchanged inputs)`, 2);
  const everything = args.includes('--all') || process.env.CI === 'true' || !cacheEnabled();
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

  // Keys are taken after the pipeline wrote dist/ and docs/site/, which tests read.
  const files = listTestFiles();
  // Keys that cannot be made (a test file esbuild cannot parse, say) prove nothing: run everything, and vitest says why.
  const keys = await computeKeys(files).catch((error: unknown) => {
    console.log(`test records not used: ${String((error as Error).message).split('\n')[0]}`);
    return files.map((file) => ({ file, declared: false, shares: false, common: '', vendors: {}, inputs: [] }));
  });
  const records = everything ? {} : readRecords();
  const plan = planRun(keys, records);
  const skipped = plan.skippedFiles.length + plan.skippedShares;
  if (skipped > 0) {
    const shares = plan.skippedShares ? ` and ${plan.skippedShares} vendor share${plan.skippedShares === 1 ? '' : 's'} of the files that run` : '';
    console.log(`↷ skipped ${plan.skippedFiles.length} of ${files.length} test files${shares}: they passed on these exact inputs (npm test -- --all reruns them)`);
  }
  if (plan.run.length === 0) {
    console.log('✔ vitest: nothing changed since every file passed');
    return;
  }
  const reportFile = path.join(repoRoot, '.tmp', 'test-results', 'last-run.json');
  mkdirSync(path.dirname(reportFile), { recursive: true });
  rmSync(reportFile, { force: true });
  const shares = Object.fromEntries(plan.run.filter((p) => p.vendors).map((p) => [p.file, p.vendors!]));
  // A file run for some vendors may hold no test for them; a full run (CI) still fails a file without tests.
  const partial = Object.keys(shares).length > 0 ? ['--passWithNoTests'] : [];
  const vitest = await run(
    bin('vitest'),
    ['run', ...(plan.skippedFiles.length ? plan.run.map((p) => p.file) : []), ...partial, '--reporter=default', '--reporter=./contract-tests/lib/summary-reporter.ts', '--reporter=json', `--outputFile.json=${reportFile}`],
    { cwd: repoRoot, echo: true, env: Object.keys(shares).length ? { [SHARES_ENV]: JSON.stringify(shares) } : {} },
  );
  // CI proves everything on a clone it throws away; with the cache off nothing is recorded.
  if (process.env.CI !== 'true' && cacheEnabled()) {
    const report = readReport(reportFile);
    if (report) writeRecords(recordReport(readRecords(), report, keys, plan.run));
  }
  if (vitest.code !== 0) process.exit(vitest.code);
});
