// The import rules of `npm run lint` (.dependency-cruiser.cjs) must be able to fail: a tree with
// one planted bad import per rule reports each, by rule name and by file; the same tree
// without them, and the repository itself, pass.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { checkImportRules } from '../../scripts/lib/import-rules.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'import-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  copyFileSync(path.join(repoRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  return root;
}

/** Allowed imports only: scripts → tools → spec → client, generated → client, tests → anything. */
const good = {
  'src/client/errors.ts': 'export const e = 1;\n',
  'src/spec/openapi.ts': "import { e } from '../client/errors.js';\nexport const o = e;\n",
  'src/tools/mock.ts': "import { o } from '../spec/openapi.js';\nexport const m = o;\n",
  'generated/acme/index.ts': "import { e } from '../../src/client/errors.js';\nexport const g = e;\n",
  'scripts/build.ts': "import { m } from '../src/tools/mock.js';\nexport const s = m;\n",
  'contract-tests/lib/helper.ts': "import { s } from '../../scripts/build.js';\nexport const h = s;\n",
  'contract-tests/x.test.ts': "import { h } from './lib/helper.js';\nexport const t = h;\n",
};

/** Each rule broken once; the value is what the report must say. */
const planted: Array<{ rule: string; file: string; text: string; edge: string }> = [
  { rule: 'client-is-self-contained', file: 'src/client/leak.ts', text: "import { o } from '../spec/openapi.js';\nexport const l = o;\n", edge: 'src/client/leak.ts → src/spec/openapi.ts' },
  { rule: 'generated-loads-only-the-client', file: 'generated/acme/tools.ts', text: "import { m } from '../../src/tools/mock.js';\nexport const g2 = m;\n", edge: 'generated/acme/tools.ts → src/tools/mock.ts' },
  { rule: 'spec-below-tools', file: 'src/spec/up.ts', text: "import { m } from '../tools/mock.js';\nexport const u = m;\n", edge: 'src/spec/up.ts → src/tools/mock.ts' },
  { rule: 'shipped-code-never-imports-the-repository-tooling', file: 'src/tools/build-dep.ts', text: "import { s } from '../../scripts/build.js';\nexport const b = s;\n", edge: 'src/tools/build-dep.ts → scripts/build.ts' },
  { rule: 'nothing-imports-tests', file: 'scripts/uses-test.ts', text: "import { h } from '../contract-tests/lib/helper.js';\nexport const u2 = h;\n", edge: 'scripts/uses-test.ts → contract-tests/lib/helper.ts' },
  { rule: 'no-circular', file: 'src/tools/ping.ts', text: "import { pong } from './pong.js';\nexport const ping = () => pong;\n", edge: 'src/tools/ping.ts' },
];

describe('import rules (dependency-cruiser in npm run lint)', () => {
  it('a tree of allowed imports passes (the control)', async () => {
    const result = await checkImportRules(tree('good', good));
    expect(result.output).toMatch(/no dependency violations/);
    expect(result.code).toBe(0);
  });

  it('each planted bad import fails lint, named by rule and by file', async () => {
    const files: Record<string, string> = { ...good, 'src/tools/pong.ts': "import { ping } from './ping.js';\nexport const pong = () => ping;\n" };
    for (const p of planted) files[p.file] = p.text;
    const result = await checkImportRules(tree('bad', files));
    expect(result.code).not.toBe(0);
    for (const p of planted) expect(result.output, p.rule).toMatch(new RegExp(`error ${p.rule}: [^\\n]*${p.edge.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('the repository itself keeps the rules', async () => {
    const result = await checkImportRules();
    expect(result.output).toMatch(/no dependency violations/);
    expect(result.code).toBe(0);
  });
});
