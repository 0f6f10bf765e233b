// The type-level contract (generated/<vendor>/examples.typecheck.ts, compiled by
// `npm run typecheck`) must be able to fail: a wrong example value is a tsc error.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVendors, repoRoot } from '../scripts/lib/project.js';
import { bin, run } from '../scripts/lib/run.js';

/** Runs tsc with the project's options over one file outside the project's include list. */
async function compile(file: string) {
  mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'types-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), files: [file], include: [] }));
    return await run(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('client types follow throwOnError', () => {
  const fixtures = path.join(repoRoot, 'contract-tests', 'fixtures', 'types');
  it('with throwOnError: true, data of a call is never undefined (compiles)', async () => {
    const result = await compile(path.join(fixtures, 'throw-on-error.pass.ts'));
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
  it('without it, data may be undefined until error is checked (TS18048)', async () => {
    const result = await compile(path.join(fixtures, 'throw-on-error.fail.ts'));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/throw-on-error\.fail\.ts\(\d+,\d+\): error TS18048: 'data' is possibly 'undefined'/);
  });
});

describe('example type checks', () => {
  const vendor = listVendors()[0]!;
  it(`tsc rejects ${vendor.name}'s first example check once its value is broken`, async () => {
    const source = readFileSync(path.join(vendor.generatedDir, 'examples.typecheck.ts'), 'utf8');
    // Break the first check: the value becomes a number, which no documented body type accepts.
    const broken = source.replace(/^\(\{[\s\S]*?^\}\) satisfies/m, '(12345) satisfies');
    expect(broken).not.toBe(source);
    mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
    const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'broken-types-'));
    try {
      writeFileSync(path.join(dir, 'examples.typecheck.ts'), broken.replace("from './schema.js'", `from '${path.join(vendor.generatedDir, 'schema.js')}'`));
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), include: ['examples.typecheck.ts'] }));
      const result = await run(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')]);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/examples\.typecheck\.ts\(\d+,\d+\): error TS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
