// The test-result records of `npm test` never skip a changed input. In a scratch copy of every
// input of every test file, with each file recorded as passed, one edit of each kind of input
// (a vendor's spec, a file in src/, a script, a test helper, the lockfile) must rerun exactly
// the files whose inputs hold it (only the edited vendor's share, where a file is proven
// vendor by vendor), and must rerun every file that imports it by dependency-cruiser's module
// graph, an oracle independent of the esbuild graph the keys are made from.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { computeKeys, INPUTS_FILE, listTestFiles, planRun, recordPass, recordReport, SHARES_ENV, type FileKey, type Plan, type Records } from '../../scripts/lib/test-results.js';
import { firstVendorWith, toProve, vendorsToTest } from '../lib/shares.js';

const files = listTestFiles();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'test-results-'));
let baseline: FileKey[];
const records: Records = {};

/**
 * Files whose content the planner interprets: source code (esbuild follows its imports; built
 * code under dist/ and docs/site/ is never imported) and the settings it or esbuild parses.
 * Every other input is copied as a placeholder naming its path: a key hashes that content
 * without reading it, so no plan here depends on what the specs or built files say, and a
 * vendor's spec edit does not rerun this file.
 */
const interpreted = (file: string) => (/\.(ts|mts|cts|js|mjs|cjs)$/.test(file) && !/^(dist|docs\/site)\//.test(file)) || [INPUTS_FILE, 'redocly.yaml', 'package.json', 'generated/vendors.json'].includes(file) || /^tsconfig[^/]*\.json$/.test(file);

beforeAll(async () => {
  const here = await computeKeys(files);
  const inRepo = new Set([INPUTS_FILE, ...files, ...here.flatMap((k) => k.inputs)].filter((f) => !f.startsWith('/')));
  for (const file of inRepo) {
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    if (interpreted(file)) cpSync(path.join(repoRoot, file), path.join(scratch, file));
    else writeFileSync(path.join(scratch, file), `placeholder for ${file}\n`);
  }
  baseline = await computeKeys(files, scratch);
  for (const key of baseline) recordPass(records, key, undefined);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The plan after appending a comment line to `file` in the scratch tree (restored afterwards). */
async function planAfterEditing(file: string, comment: string): Promise<Plan> {
  const abs = path.join(scratch, file);
  const before = readFileSync(abs);
  writeFileSync(abs, Buffer.concat([before, Buffer.from(`\n${comment}\n`)]));
  try {
    return planRun(await computeKeys(files, scratch), records);
  } finally {
    writeFileSync(abs, before);
  }
}

let cruised: Promise<Array<{ source: string; dependencies: Array<{ resolved: string }> }>> | undefined;
/** The module graph of contract-tests/ by dependency-cruiser, once. */
function cruise() {
  cruised ??= (async () => {
    const result = await run(bin('depcruise'), ['contract-tests', '--no-config', '--output-type', 'json', '--do-not-follow', 'node_modules', '--ts-config', 'tsconfig.json', '--exclude', '^contract-tests/fixtures/'], { cwd: repoRoot });
    if (result.code !== 0) throw new Error(`depcruise failed: ${result.output.slice(0, 2000)}`);
    return (JSON.parse(result.output) as { modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }> }).modules;
  })();
  return cruised;
}

/** Test files that import `file`, directly or not, by dependency-cruiser (type-only imports do not count: vitest runs no types). */
async function importersOf(file: string): Promise<string[]> {
  const modules = await cruise();
  const importers = new Set([file]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of modules) {
      if (!importers.has(m.source) && m.dependencies.some((d) => importers.has(d.resolved))) {
        importers.add(m.source);
        grew = true;
      }
    }
  }
  return files.filter((f) => importers.has(f));
}

/** What the plan must be: every file whose inputs hold `changed` runs; a vendor-by-vendor file only for the vendors whose data holds it. */
function expectExactly(plan: Plan, changed: string) {
  const expected = baseline.filter((k) => k.inputs.includes(changed)).map((k) => k.file);
  expect(plan.run.map((p) => p.file).sort()).toEqual(expected.sort());
  expect(plan.skippedFiles.sort()).toEqual(files.filter((f) => !expected.includes(f)).sort());
}

describe('test-result records', () => {
  it('every test file declares its inputs; with every file recorded, nothing reruns', () => {
    expect(baseline.filter((k) => !k.declared).map((k) => k.file)).toEqual([]);
    expect(planRun(baseline, records)).toEqual({ run: [], skippedFiles: files, skippedShares: 0 });
  });

  it('an edit to one vendor\'s spec reruns that vendor\'s share of the vendor-by-vendor files and the files that read every vendor, nothing else', async () => {
    const [vendor, ...others] = listVendors(scratch);
    const changed = path.relative(scratch, vendor!.specRoot).split(path.sep).join('/');
    const plan = await planAfterEditing(changed, '# an edited description');
    expectExactly(plan, changed);
    const byFile = new Map(plan.run.map((p) => [p.file, p]));
    for (const key of baseline.filter((k) => k.shares)) expect(byFile.get(key.file)?.vendors, key.file).toEqual([vendor!.name]);
    expect(plan.skippedShares).toBe(baseline.filter((k) => k.shares).length * others.length);
    // A file that builds its own trees from fixtures is not rerun; the package (every vendor's files) is.
    expect(plan.skippedFiles).toContain('contract-tests/pipeline/breaking-change-gate.test.ts');
    expect(byFile.has('contract-tests/package/package.test.ts')).toBe(true);
    expect(byFile.has('contract-tests/specs/contract.test.ts')).toBe(true);
  });

  const kinds: Array<{ kind: string; file: string; reruns: string; skips: string }> = [
    { kind: 'a file in src/', file: 'src/tools/proxy/report.ts', reruns: 'contract-tests/proxy/proxy.test.ts', skips: 'contract-tests/specs/contract.test.ts' },
    { kind: 'a script', file: 'scripts/lib/change-list.ts', reruns: 'contract-tests/pipeline/breaking-change-gate.test.ts', skips: 'contract-tests/specs/contract.test.ts' },
    { kind: 'a test helper', file: 'contract-tests/lib/call.ts', reruns: 'contract-tests/specs/contract.test.ts', skips: 'contract-tests/pipeline/breaking-change-gate.test.ts' },
  ];
  for (const { kind, file, reruns, skips } of kinds) {
    it(`an edit to ${kind} (${file}) reruns exactly the files that import it or run it, every one dependency-cruiser finds among them`, async () => {
      const plan = await planAfterEditing(file, '// an edit');
      expectExactly(plan, file);
      const ran = plan.run.map((p) => p.file);
      for (const importer of await importersOf(file)) expect(ran, `${importer} imports ${file}`).toContain(importer);
      expect(ran).toContain(reruns);
      expect(plan.skippedFiles).toContain(skips);
    });
  }

  it('an edit to the lockfile reruns every file, each for every vendor', async () => {
    const plan = await planAfterEditing('package-lock.json', ' ');
    expect(plan.run.map((p) => p.file)).toEqual(files);
    expect(plan.run.every((p) => p.vendors === undefined && p.reason === 'changed')).toBe(true);
  });

  it('a file that failed, or skipped a test, loses its record and runs next time; one that passed for one vendor keeps the others', () => {
    const [failed, skipped, shared] = [baseline.find((k) => !k.shares)!, baseline.find((k) => !k.shares && k.file !== baseline.find((x) => !x.shares)!.file)!, baseline.find((k) => k.shares)!];
    const result = (key: FileKey, statuses: string[]) => ({ name: path.join(scratch, key.file), status: statuses.includes('failed') ? 'failed' : 'passed', assertionResults: statuses.map((status) => ({ status })) });
    const [vendor] = Object.keys(shared.vendors);
    const stale: Records = { ...records, [shared.file]: { common: shared.common, vendors: { ...shared.vendors, [vendor!]: 'old' } } };
    const ran = [{ file: failed.file, reason: 'changed' as const }, { file: skipped.file, reason: 'changed' as const }, { file: shared.file, vendors: [vendor!], reason: 'vendor data changed' as const }];
    const report = { testResults: [result(failed, ['passed', 'failed']), result(skipped, ['passed', 'skipped']), result(shared, ['passed'])] };
    const after = recordReport(stale, report, baseline, ran, scratch);
    expect(after[failed.file]).toBeUndefined();
    expect(after[skipped.file]).toBeUndefined();
    expect(after[shared.file]).toEqual({ common: shared.common, vendors: shared.vendors });
    expect(planRun(baseline, after).run.map((p) => p.file).sort()).toEqual([failed.file, skipped.file].sort());
  });

  it('a run that names one vendor\'s share of a file proves that vendor\'s checks and no check reading only others or none', () => {
    const [a, b, ...rest] = listVendors();
    const here = import.meta.url;
    const saved = process.env[SHARES_ENV];
    try {
      delete process.env[SHARES_ENV];
      expect([toProve(here, []), toProve(here, [a!]), vendorsToTest(here).length]).toEqual([true, true, 2 + rest.length]);
      process.env[SHARES_ENV] = JSON.stringify({ 'contract-tests/pipeline/test-results.test.ts': [b!.name] });
      expect(vendorsToTest(here).map((v) => v.name)).toEqual([b!.name]);
      expect([toProve(here, []), toProve(here, [a!]), toProve(here, [a!, b!])]).toEqual([false, false, true]);
      // A choice that passed over the first vendor read it too: a change to it can move the choice.
      expect(firstVendorWith((v) => v.name === b!.name && v)).toMatchObject({ vendor: { name: b!.name }, read: [{ name: a!.name }, { name: b!.name }] });
      expect(firstVendorWith(() => false)).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env[SHARES_ENV];
      else process.env[SHARES_ENV] = saved;
    }
  });
});
