// `npm run check:drift` must fail when generated/ differs from what git has, and pass when
// it does not: exercised on a throwaway git repository through VENDOR_APIS_ROOT.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'drift-'));
const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root });
const checkDrift = () => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'check-drift.ts')], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root } });

describe('check:drift', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes when generated/ matches git and fails on a changed or a new generated file', async () => {
    mkdirSync(path.join(root, 'generated', 'v'), { recursive: true });
    writeFileSync(path.join(root, 'generated', 'v', 'schema.ts'), 'export type A = 1;\n');
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'init');
    expect((await checkDrift()).code).toBe(0);

    writeFileSync(path.join(root, 'generated', 'v', 'schema.ts'), 'export type A = 2;\n');
    const changed = await checkDrift();
    expect(changed.code).not.toBe(0);
    expect(changed.output).toContain('generated/v/schema.ts');

    await git('checkout', '--', 'generated');
    writeFileSync(path.join(root, 'generated', 'v', 'extra.ts'), 'export {};\n');
    const added = await checkDrift();
    expect(added.code).not.toBe(0);
    expect(added.output).toContain('generated/v/extra.ts');
  });
});
