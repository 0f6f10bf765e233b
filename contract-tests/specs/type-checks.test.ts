// The type-level contract must be able to fail, in one tsc run over three files:
// - fixtures/types/throw-on-error.pass.ts must compile: with `throwOnError: true`, `data` is defined;
// - fixtures/types/throw-on-error.fail.ts must not (TS18048): without it `data` may be undefined;
// - the first vendor's generated example checks, with one example value broken, must not.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { bin, run, type RunResult } from '../../scripts/lib/run.js';

const fixtures = path.join(repoRoot, 'contract-tests', 'fixtures', 'types');
const vendor = listVendors()[0]!;
mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'types-'));
const broken = path.join(dir, 'examples.typecheck.ts');
let result: RunResult;
const errorsIn = (file: string) => result.output.split('\n').filter((line) => line.startsWith(path.relative(repoRoot, file)) || line.startsWith(file));

beforeAll(async () => {
  const source = readFileSync(path.join(vendor.generatedDir, 'examples.typecheck.ts'), 'utf8');
  // Break the first check: the value becomes a number, which no documented body type accepts.
  const changed = source.replace(/^\(\{[\s\S]*?^\}\) satisfies/m, '(12345) satisfies');
  expect(changed).not.toBe(source);
  writeFileSync(broken, changed.replace("from './schema.js'", `from '${path.join(vendor.generatedDir, 'schema.js')}'`));
  const files = [path.join(fixtures, 'throw-on-error.pass.ts'), path.join(fixtures, 'throw-on-error.fail.ts'), broken];
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), files, include: [] }));
  result = await run(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')], { cwd: repoRoot });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('client types follow throwOnError', () => {
  it('with throwOnError: true, data of a call is never undefined (compiles)', () => {
    expect(result.code).not.toBe(0); // the two files below must fail
    expect(errorsIn(path.join(fixtures, 'throw-on-error.pass.ts'))).toEqual([]);
  });
  it('without it, data may be undefined until error is checked (TS18048)', () => {
    expect(errorsIn(path.join(fixtures, 'throw-on-error.fail.ts')).join('\n')).toMatch(/throw-on-error\.fail\.ts\(\d+,\d+\): error TS18048: 'data' is possibly 'undefined'/);
  });
});

describe('example type checks', () => {
  it(`tsc rejects ${vendor.name}'s first example check once its value is broken`, () => {
    expect(errorsIn(broken).join('\n')).toMatch(/examples\.typecheck\.ts\(\d+,\d+\): error TS/);
  });
});
