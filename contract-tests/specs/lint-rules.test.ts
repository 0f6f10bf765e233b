// The linters must reject what the house rules forbid: each fixture under fixtures/lint/
// breaks one rule, and `valid.yaml` (the control) passes. Errors name the file and line.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run, type RunResult } from '../../scripts/lib/run.js';

const fixture = (name: string) => path.join(repoRoot, 'contract-tests', 'fixtures', 'lint', name);
const redocly = (files: string[]) => run(bin('redocly'), ['lint', ...files], { cwd: repoRoot });
const spectral = (files: string[]) =>
  run(bin('spectral'), ['lint', ...files, '--ruleset', path.join(repoRoot, '.spectral.yaml'), '--fail-severity', 'warn', '--format', 'text']);

// One process per linter over all its fixtures (each process start costs more than the lint);
// every finding is attributed to its file: Spectral prints `file:line:col severity rule` per
// line, Redocly one section per file, from `validating <file>...` to `<file>: validated in`.
const redoclyFiles = ['valid.yaml', 'invalid-example.yaml'];
const spectralFiles = ['valid.yaml', 'nullable.yaml', 'missing-401.yaml', 'house-rules.yaml'];
let redoclyRun: Promise<RunResult> | undefined;
let spectralRun: Promise<RunResult> | undefined;
/** Redocly's section for one fixture (its problems, with file and line), and the run's exit code. */
async function redoclyOn(name: string): Promise<{ code: number; output: string }> {
  const r = await (redoclyRun ??= redocly(redoclyFiles.map(fixture)));
  const file = path.relative(repoRoot, fixture(name));
  const from = r.output.indexOf(`validating ${file}...`);
  const to = r.output.indexOf(`${file}: validated in`, from);
  expect(from, r.output).toBeGreaterThanOrEqual(0);
  expect(to, r.output).toBeGreaterThan(from);
  return { code: r.code, output: r.output.slice(from + `validating ${file}...`.length, to) };
}
/** Spectral's lines for one fixture, and the run's exit code if they hold an error or warning (else 0); a line naming no fixture fails. */
async function spectralOn(name: string): Promise<{ code: number; output: string }> {
  const s = await (spectralRun ??= spectral(spectralFiles.map(fixture)));
  const lines = s.output.split('\n').filter((l) => l.trim());
  expect(lines.filter((l) => !spectralFiles.some((f) => l.startsWith(`${fixture(f)}:`))), s.output).toEqual([]);
  const own = lines.filter((l) => l.startsWith(`${fixture(name)}:`));
  // --fail-severity warn: a file fails on any error or warning of its own.
  return { code: own.some((l) => /^\S+:\d+:\d+ (error|warning) /.test(l)) ? s.code : 0, output: own.join('\n') };
}

describe('lint rules', () => {
  it('accept the valid control fixture', async () => {
    const [r, s] = await Promise.all([redoclyOn('valid.yaml'), spectralOn('valid.yaml')]);
    expect(r.output.trim(), r.output).toBe(''); // no error and no warning in its section
    expect(s.output, s.output).toBe('');
  });

  it('reject an example that does not match its schema, with file and line', async () => {
    const r = await redoclyOn('invalid-example.yaml');
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('no-invalid-media-type-examples');
    expect(r.output).toMatch(/invalid-example\.yaml:\d+:\d+/);
  });

  it('reject `nullable: true`, with file and line', async () => {
    const s = await spectralOn('nullable.yaml');
    expect(s.code).not.toBe(0);
    expect(s.output).toMatch(/nullable\.yaml:\d+:\d+ error no-nullable/);
  });

  it('reject a secured operation without a 401 response', async () => {
    const s = await spectralOn('missing-401.yaml');
    expect(s.code).not.toBe(0);
    expect(s.output).toContain('secured-operation-declares-401');
  });

  it('reject a non-camelCase operationId, a missing externalDocs and jsonSchemaDialect', async () => {
    const s = await spectralOn('house-rules.yaml');
    expect(s.code).not.toBe(0);
    for (const rule of ['operation-id-camel-case', 'operation-has-external-docs', 'no-json-schema-dialect', 'no-2020-12-only-keywords', 'json-success-has-examples']) {
      expect(s.output).toContain(rule);
    }
  });
});

// npm run lint remembers a vendor that passed (scripts/lib/step-cache.ts); an edit to its spec
// must be linted again, and fail when it breaks a rule.
describe('npm run lint and its cache of passing runs', () => {
  it('skips an unchanged passing vendor, and lints (and fails) it again once its spec changes', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lint-cache-'));
    try {
      mkdirSync(path.join(root, 'specs', 'things'), { recursive: true });
      const spec = path.join(root, 'specs', 'things', 'openapi.yaml');
      copyFileSync(fixture('valid.yaml'), spec);
      const config = readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8').replace(/^apis:\n(?: {2}.*\n)+/m, 'apis:\n  things:\n    root: specs/things/openapi.yaml\n');
      writeFileSync(path.join(root, 'redocly.yaml'), config);
      const lint = () => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'lint.ts')], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root, VENDOR_APIS_CACHE: 'on' } }); // proves the cache: on whatever the outer run says
      const first = await lint();
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain('things: redocly ok, spectral ok');
      const second = await lint();
      expect(second.code, second.output).toBe(0);
      expect(second.output).toContain('things: unchanged since a passing lint');
      copyFileSync(fixture('invalid-example.yaml'), spec);
      const broken = await lint();
      expect(broken.code, broken.output).not.toBe(0);
      expect(broken.output).toContain('no-invalid-media-type-examples');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
