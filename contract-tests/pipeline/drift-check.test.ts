// `npm run check:drift` must fail when generated/ differs from what git has, and pass when
// it does not: exercised on a throwaway git repository through VENDOR_APIS_ROOT. While a
// vendor's spec has edits git does not have yet, that vendor's generated files may differ
// (they were just generated from the edits), and no other vendor's may.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'drift-'));
const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root });
const checkDrift = () => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'check-drift.ts')], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root } });
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

describe('check:drift', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes when generated/ matches git and fails on a changed or a new generated file', async () => {
    write('generated/v/schema.ts', 'export type A = 1;\n');
    write('generated/w/schema.ts', 'export type B = 1;\n');
    write('specs/v/openapi.yaml', 'openapi: 3.1.0\n');
    write('specs/w/openapi.yaml', 'openapi: 3.1.0\n');
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'init');
    expect((await checkDrift()).code).toBe(0);

    write('generated/v/schema.ts', 'export type A = 2;\n');
    const changed = await checkDrift();
    expect(changed.code).not.toBe(0);
    expect(changed.output).toContain('generated/v/schema.ts');

    await git('checkout', '--', 'generated');
    write('generated/v/extra.ts', 'export {};\n');
    const added = await checkDrift();
    expect(added.code).not.toBe(0);
    expect(added.output).toContain('generated/v/extra.ts');
    rmSync(path.join(root, 'generated', 'v', 'extra.ts'));
  });

  it('lets a vendor\'s generated files follow its spec edits git does not have yet, and no other vendor\'s; a staged spec needs its generated files staged', async () => {
    write('specs/v/openapi.yaml', 'openapi: 3.1.0\n# edited\n');
    write('generated/v/schema.ts', 'export type A = 3;\n');
    const following = await checkDrift();
    expect(following.code, following.output).toBe(0);
    expect(following.output).toContain('generated/ follows your edits to specs/v/');

    write('generated/w/schema.ts', 'export type B = 2;\n');
    const other = await checkDrift();
    expect(other.code).not.toBe(0);
    expect(other.output).toContain('generated/w/schema.ts');
    expect(other.output).not.toContain('generated/v/schema.ts');
    await git('checkout', '--', 'generated/w');

    await git('add', 'specs');
    const staged = await checkDrift();
    expect(staged.code).not.toBe(0);
    expect(staged.output).toContain('generated/v/schema.ts');
    await git('add', 'generated');
    expect((await checkDrift()).code).toBe(0);
  });
});
