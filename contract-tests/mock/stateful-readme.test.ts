// The README's stateful vitest example, run as the README shows it: its imports pointed at this
// repository (`vendor-apis/testing` → src/tools/testing.ts, `vendor-apis/<vendor>` → the
// generated client) and its vitest hooks collected by a small shim, then run in order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';

it('the README\'s stateful example creates, reads and deletes against a stateful mock', async () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('// stateful.test.ts');
  expect(start, 'the README shows a stateful vitest example').toBeGreaterThan(0);
  const code = readme.slice(start, readme.indexOf('```', start));
  const dir = path.join(repoRoot, '.tmp', 'readme-stateful');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'shim.ts'),
    `export { expect } from 'vitest';
export const registered: Record<string, Array<() => unknown>> = { beforeAll: [], afterAll: [], beforeEach: [], it: [] };
export const beforeAll = (fn: () => unknown) => registered.beforeAll.push(fn);
export const afterAll = (fn: () => unknown) => registered.afterAll.push(fn);
export const beforeEach = (fn: () => unknown) => registered.beforeEach.push(fn);
export const it = (_name: string, fn: () => unknown) => registered.it.push(fn);
`,
  );
  const rewritten = code
    .replace(/from 'vitest'/, "from './shim.js'")
    .replace(/'vendor-apis\/testing'/, JSON.stringify(path.join(repoRoot, 'src', 'tools', 'testing.ts')))
    .replace(/'vendor-apis\/([\w-]+)'/g, (_m, vendor: string) => JSON.stringify(path.join(repoRoot, 'generated', vendor, 'index.ts')));
  writeFileSync(path.join(dir, 'example.ts'), rewritten);
  const shim = (await import(pathToFileURL(path.join(dir, 'shim.ts')).href)) as { registered: Record<string, Array<() => unknown>> };
  await import(pathToFileURL(path.join(dir, 'example.ts')).href);
  const { registered } = shim;
  expect(registered.it!.length).toBeGreaterThan(0);
  for (const fn of registered.beforeAll!) await fn();
  try {
    for (const test of registered.it!) {
      for (const fn of registered.beforeEach!) await fn();
      await test();
    }
  } finally {
    for (const fn of registered.afterAll!) await fn();
  }
});
