// What the README claims about every vendor and about Node, checked against the code: the
// vendors table names each vendor's subpath and factory (the generated index's export); the
// Node versions it states are `engines`, and .ci/run takes its Node lines from `engines`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listVendors, repoRoot } from '../../src/spec/project.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const factories = (vendorDir: string) => [...readFileSync(path.join(vendorDir, 'index.ts'), 'utf8').matchAll(/^export function (create\w+Client)\b/gm)].map((m) => m[1]!);

describe('README', () => {
  const table = readme.split('\n').filter((line) => line.startsWith('| ') && line.includes('`vendor-apis/'));
  for (const vendor of listVendors()) {
    it(`names ${vendor.name}'s subpath and factory in one row of the vendors table`, () => {
      const [factory] = [...new Set(factories(vendor.generatedDir))];
      expect(factory).toBeDefined();
      expect(table.filter((row) => row.includes(`\`vendor-apis/${vendor.name}\``) && row.includes(`\`${factory}\``))).toHaveLength(1);
    });
  }

  it('the check rejects a table without a factory', () => {
    const vendor = listVendors()[0]!;
    const [factory] = factories(vendor.generatedDir);
    const rows = table.map((row) => row.replace(`\`${factory}\``, ''));
    expect(rows.filter((row) => row.includes(`\`vendor-apis/${vendor.name}\``) && row.includes(`\`${factory}\``))).toHaveLength(0);
  });

  it('states the Node versions engines allows, and .ci/run runs npm test on each line of engines', () => {
    const engines = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(readme).toContain(`\`${engines}\``);
    for (const major of engines.split('||').map((r) => /\^(\d+)\./.exec(r.trim())![1]!)) expect(readme).toMatch(new RegExp(`Node ${major}\\b`));
    const ci = readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
    expect(ci).toContain(`require('./package.json').engines.node`);
    expect(ci).toMatch(/npx -y -p "node@\$major" -- npm test/);
  });
});
