// `npm run diff` (scripts/diff.ts) on throwaway git repositories: a committed fixture spec,
// then one change in the working tree. Breaking changes fail unless versioned.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const fixture = path.join(repoRoot, 'contract-tests', 'fixtures', 'diff', 'openapi.yaml');
const roots: string[] = [];

/** A git repo holding the fixture as vendor `things`, committed; `change` then edits the working tree. */
async function gate(change: (spec: string) => string, changelog = '# Changelog\n\n## things 1.0.0\n- First.\n', packageVersion = '1.0.0') {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  roots.push(root);
  mkdirSync(path.join(root, 'specs', 'things'), { recursive: true });
  const specFile = path.join(root, 'specs', 'things', 'openapi.yaml');
  copyFileSync(fixture, specFile);
  const config = readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8').replace(/^apis:\n(?: {2}.*\n)+/m, 'apis:\n  things:\n    root: specs/things/openapi.yaml\n');
  writeFileSync(path.join(root, 'redocly.yaml'), config);
  writeFileSync(path.join(root, 'CHANGELOG.md'), '# Changelog\n\n## things 1.0.0\n- First.\n');
  const manifest = (version: string) => `${JSON.stringify({ name: 'vendor-apis', version }, null, 2)}\n`;
  writeFileSync(path.join(root, 'package.json'), manifest('1.0.0'));
  const git = (...args: string[]) => run('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
  const spec = readFileSync(specFile, 'utf8');
  const changed = change(spec);
  expect(changed, 'the test change must change the spec').not.toBe(spec);
  writeFileSync(specFile, changed);
  writeFileSync(path.join(root, 'CHANGELOG.md'), changelog);
  writeFileSync(path.join(root, 'package.json'), manifest(packageVersion));
  return run(bin('tsx'), [path.join(repoRoot, 'scripts', 'diff.ts'), 'HEAD'], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root } });
}

const removeProperty = (s: string) => s.replace('        name:\n          type: string\n', '');
const removeEnumValue = (s: string) => s.replace('enum: [big, small]', 'enum: [big]');
const requireParameter = (s: string) => s.replace('          required: false\n          description: Only things', '          required: true\n          description: Only things');
const addOptionalProperty = (s: string) => s.replace('        name:\n          type: string\n', '        name:\n          type: string\n        note:\n          type: string\n');
const bumpMajor = (s: string) => s.replace('version: 1.0.0', 'version: 2.0.0');

describe.concurrent('breaking-change gate (npm run diff)', () => {
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  for (const [label, change] of [
    ['removing a documented property', removeProperty],
    ['removing an enum value', removeEnumValue],
    ['making a parameter required', requireParameter],
  ] as const) {
    it(`reports ${label} as breaking and fails`, async () => {
      const result = await gate(change);
      expect(result.code, result.output).not.toBe(0);
      expect(result.output).toMatch(/things\s+1\.0\.0\s+[1-9]\d* major/);
      expect(result.output).toContain('is not a major bump');
    });
  }

  it('passes adding an optional property (not breaking)', async () => {
    const result = await gate(addOptionalProperty);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/things\s+1\.0\.0\s+0 major, [1-9]\d* minor/);
  });

  it('passes a breaking change with a major bump and a CHANGELOG entry (and the package major bump)', async () => {
    const changelog = '# Changelog\n\n## vendor-apis 2.0.0\n- things 2.0.0.\n\n## things 2.0.0\n- Removed `name`.\n\n## things 1.0.0\n- First.\n';
    const result = await gate((s) => bumpMajor(removeProperty(s)), changelog, '2.0.0');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('breaking, versioned');
    expect(result.output).toMatch(/vendor-apis \(package\)\s+1\.0\.0 → 2\.0\.0\s+highest spec change: major\s+ok/);
  });

  it('fails a versioned spec break when the package version does not follow it', async () => {
    const changelog = '# Changelog\n\n## vendor-apis 1.1.0\n- things 2.0.0.\n\n## things 2.0.0\n- Removed `name`.\n';
    const result = await gate((s) => bumpMajor(removeProperty(s)), changelog, '1.1.0');
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('package version 1.0.0 → 1.1.0 is a minor bump, but a spec had a major one');
  });

  it('fails a breaking change with a major bump but no CHANGELOG entry', async () => {
    const result = await gate((s) => bumpMajor(removeProperty(s)));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('CHANGELOG.md has no "## things 2.0.0" entry');
  });
});
