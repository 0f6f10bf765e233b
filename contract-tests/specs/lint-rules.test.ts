// The linters must reject what the house rules forbid: each fixture under fixtures/lint/
// breaks one rule, and `valid.yaml` (the control) passes. Errors name the file and line.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { redoclyLint, spectralLint, type FileVerdict, type LintRun } from '../../scripts/lib/linters.js';

const fixture = (name: string) => path.join(repoRoot, 'contract-tests', 'fixtures', 'lint', name);
// One process per linter over all its fixtures, as `npm run lint` runs them over the vendors
// (scripts/lib/linters.ts): each finding is attributed to its file, and so is each verdict.
const redoclyFiles = ['valid.yaml', 'invalid-example.yaml'];
const spectralFiles = ['valid.yaml', 'nullable.yaml', 'missing-401.yaml', 'house-rules.yaml'];
const relative = (name: string) => path.relative(repoRoot, fixture(name)).split(path.sep).join('/');
let redoclyRun: Promise<LintRun> | undefined;
let spectralRun: Promise<LintRun> | undefined;
/** Redocly's verdict on one fixture, and its problems (with file and line). */
async function redoclyOn(name: string): Promise<FileVerdict> {
  const r = await (redoclyRun ??= redoclyLint(redoclyFiles.map(relative), redoclyFiles.map(relative), repoRoot));
  return r.byFile.get(relative(name))!;
}
/** Spectral's verdict on one fixture, and its lines; a line naming no fixture fails. */
async function spectralOn(name: string): Promise<FileVerdict> {
  const s = await (spectralRun ??= spectralLint(spectralFiles.map(fixture)));
  expect(s.unattributed).toBe('');
  return s.byFile.get(fixture(name))!;
}

describe('lint rules', () => {
  it('accept the valid control fixture', async () => {
    const [r, s] = await Promise.all([redoclyOn('valid.yaml'), spectralOn('valid.yaml')]);
    expect(r, r.output).toEqual({ ok: true, output: '' }); // no error and no warning in its section
    expect(s, s.output).toEqual({ ok: true, output: '' });
  });

  it('reject an example that does not match its schema, with file and line', async () => {
    const r = await redoclyOn('invalid-example.yaml');
    expect(r.ok).toBe(false);
    expect(r.output).toContain('no-invalid-media-type-examples');
    expect(r.output).toMatch(/invalid-example\.yaml:\d+:\d+/);
  });

  it('reject `nullable: true`, with file and line', async () => {
    const s = await spectralOn('nullable.yaml');
    expect(s.ok).toBe(false);
    expect(s.output).toMatch(/nullable\.yaml:\d+:\d+ error no-nullable/);
  });

  it('reject a secured operation without a 401 response', async () => {
    const s = await spectralOn('missing-401.yaml');
    expect(s.ok).toBe(false);
    expect(s.output).toContain('secured-operation-declares-401');
  });

  it('reject a non-camelCase operationId, a missing externalDocs and jsonSchemaDialect', async () => {
    const s = await spectralOn('house-rules.yaml');
    expect(s.ok).toBe(false);
    for (const rule of ['operation-id-camel-case', 'operation-has-external-docs', 'no-json-schema-dialect', 'no-2020-12-only-keywords', 'json-success-has-examples']) {
      expect(s.output).toContain(rule);
    }
  });
});

// npm run lint lints every vendor not cached in one process per linter: each verdict is its
// vendor's own, a passing vendor is remembered (scripts/lib/step-cache.ts), and an edit to its
// spec must be linted again, and fail when it breaks a rule.
describe('npm run lint and its cache of passing runs', () => {
  it('fails only the vendor that breaks a rule, naming its file and line; skips an unchanged passing vendor, and lints (and fails) it again once its spec changes', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lint-cache-'));
    try {
      const spec = (name: string) => path.join(root, 'specs', name, 'openapi.yaml');
      for (const name of ['things', 'other']) mkdirSync(path.dirname(spec(name)), { recursive: true });
      copyFileSync(fixture('valid.yaml'), spec('things'));
      copyFileSync(fixture('invalid-example.yaml'), spec('other'));
      const config = readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8').replace(/^apis:\n(?: {2}.*\n)+/m, 'apis:\n  things:\n    root: specs/things/openapi.yaml\n  other:\n    root: specs/other/openapi.yaml\n');
      writeFileSync(path.join(root, 'redocly.yaml'), config);
      const lint = () => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'lint.ts')], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root, VENDOR_APIS_CACHE: 'on' } }); // proves the cache: on whatever the outer run says
      const first = await lint();
      expect(first.code, first.output).not.toBe(0);
      expect(first.output).toContain('✔ things: redocly ok, spectral ok');
      expect(first.output).toContain('✖ other: redocly FAILED, spectral FAILED');
      expect(first.output).toMatch(/specs\/other\/openapi\.yaml:\d+:\d+/);
      expect(first.output).not.toMatch(/specs\/things\/openapi\.yaml:\d+/);
      const second = await lint();
      expect(second.code, second.output).not.toBe(0);
      expect(second.output).toContain('things: unchanged since a passing lint');
      expect(second.output).toContain('✖ other: redocly FAILED');
      copyFileSync(fixture('invalid-example.yaml'), spec('things'));
      copyFileSync(fixture('valid.yaml'), spec('other'));
      const broken = await lint();
      expect(broken.code, broken.output).not.toBe(0);
      expect(broken.output).toContain('✖ things: redocly FAILED');
      expect(broken.output).toContain('no-invalid-media-type-examples');
      expect(broken.output).toContain('✔ other: redocly ok, spectral ok');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
