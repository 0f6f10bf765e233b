// `npm run diff` (scripts/diff.ts) on throwaway git repositories: a committed fixture spec,
// then one change in the working tree. Breaking changes fail unless versioned. A release (an
// info.version move) needs its measured change list in its CHANGELOG entry, exactly, and
// generated/<vendor>/changes.json must be the lists CHANGELOG.md holds; `--write` writes both.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';

const fixture = path.join(repoRoot, 'contract-tests', 'fixtures', 'diff', 'openapi.yaml');
const roots: string[] = [];

/** A git repo holding the fixture as vendor `things`, committed; `change` then edits the working tree. */
async function gate(change: (spec: string) => string, changelog = '# Changelog\n\n## things 1.0.0\n- First.\n', packageVersion = '1.0.0', args: string[] = []) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gate-'));
  roots.push(root);
  mkdirSync(path.join(root, 'specs', 'things'), { recursive: true });
  const specFile = path.join(root, 'specs', 'things', 'openapi.yaml');
  copyFileSync(fixture, specFile);
  const config = readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8').replace(/^apis:\n(?: {2}.*\n)+/m, 'apis:\n  things:\n    root: specs/things/openapi.yaml\n');
  writeFileSync(path.join(root, 'redocly.yaml'), config);
  writeFileSync(path.join(root, 'CHANGELOG.md'), '# Changelog\n\n## things 1.0.0\n- First.\n');
  mkdirSync(path.join(root, 'generated', 'things'), { recursive: true });
  writeFileSync(path.join(root, 'generated', 'things', 'changes.json'), `${JSON.stringify({ vendor: 'things', releases: [] }, null, 2)}\n`);
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
  const diff = (extra: string[] = []) => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'diff.ts'), ...extra, 'HEAD'], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root } });
  const result = await diff(args);
  const read = (file: string) => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : '');
  return Object.assign(result, { root, diff, read, write: (file: string, text: string) => writeFileSync(path.join(root, file), text) });
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
    const written = await gate((s) => bumpMajor(removeProperty(s)), changelog, '2.0.0', ['--write']);
    expect(written.code, written.output).toBe(0);
    const result = await written.diff();
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

  // One release with a change of each kind the list names; every line and its class are exact.
  const release = (s: string) =>
    bumpMajor(removeEnumValue(requireParameter(s)))
      .replace("        '401':\n          description: No key.\n    post:", "        '401':\n          description: No key.\n        '404':\n          description: None.\n    post:")
      .replace('        name:\n          type: string\n', '        name:\n          type: string\n        note:\n          type: string\n')
      .replace('components:\n', "webhooks:\n  thingMade:\n    post:\n      operationId: thingMade\n      summary: A thing was made\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Thing'\n      responses:\n        '200':\n          description: Received.\ncomponents:\n")
      .replace('paths:\n', "paths:\n  /things/{id}:\n    delete:\n      operationId: deleteThing\n      tags: [Things]\n      summary: Delete a thing\n      description: Deletes a thing.\n      externalDocs:\n        url: https://docs.fixture.test\n      parameters:\n        - name: id\n          in: path\n          required: true\n          description: The thing.\n          schema:\n            type: integer\n      responses:\n        '204':\n          description: Deleted.\n        '401':\n          description: No key.\n");
  const releaseLog = '# Changelog\n\n## vendor-apis 2.0.0\n- things 2.0.0.\n\n## things 2.0.0\n- A release.\n\n## things 1.0.0\n- First.\n';
  const measuredLines = [
    '- (breaking) `GET /things` parameter 1: `color` query parameter became required.',
    '- (minor) `GET /things`: status 404 added',
    '- (minor) `GET /things` response 200 `[].note`: field added',
    '- (breaking) `POST /things` request body `kind`: Enum of `kind` lost values: \'small\'.',
    '- (minor) `DELETE /things/{id}`: operation added',
    '- (minor) webhook `thingMade`: webhook added',
  ];

  it('--write puts the measured list, each change with its class, in the release\'s entry and in changes.json; the gate then passes', async () => {
    const written = await gate(release, releaseLog, '2.0.0', ['--write']);
    expect(written.code, written.output).toBe(0);
    const changelog = written.read('CHANGELOG.md');
    const entry = changelog.slice(changelog.indexOf('## things 2.0.0'), changelog.indexOf('## things 1.0.0'));
    expect(entry).toContain('- A release.\n\nMeasured by `npm run diff` (1.0.0 → 2.0.0):\n<!-- measured-changes -->\n');
    expect(entry.split('\n').filter((l) => l.startsWith('- ('))).toEqual(expect.arrayContaining(measuredLines));
    expect(entry.split('\n').filter((l) => l.startsWith('- ('))).toHaveLength(measuredLines.length);
    const data = JSON.parse(written.read('generated/things/changes.json')) as { releases: Array<{ version: string; from: string; changes: Array<{ class: string; where: string; change: string }> }> };
    expect(data.releases.map((r) => [r.version, r.from, r.changes.length])).toEqual([['2.0.0', '1.0.0', measuredLines.length]]);
    expect(data.releases[0]!.changes).toContainEqual({ class: 'minor', where: '`DELETE /things/{id}`', change: 'operation added' });
    const again = await written.diff();
    expect(again.code, again.output).toBe(0);
  });

  it('fails a release whose entry has no measured list, printing the list it measured', async () => {
    const result = await gate(release, releaseLog, '2.0.0');
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('CHANGELOG.md has no measured change list in a "## things 2.0.0" entry');
    for (const line of measuredLines) expect(result.output).toContain(`    ${line}`);
  });

  it('fails when the entry\'s list and the measured changes differ (a line dropped, a class changed), and when changes.json does not follow CHANGELOG.md', async () => {
    const written = await gate(release, releaseLog, '2.0.0', ['--write']);
    expect(written.code, written.output).toBe(0);
    const good = written.read('CHANGELOG.md');
    written.write('CHANGELOG.md', good.replace(`${measuredLines[1]!}\n`, '').replace('- (breaking) `POST /things`', '- (minor) `POST /things`'));
    const edited = await written.diff();
    expect(edited.code).not.toBe(0);
    expect(edited.output).toContain('the "## things 2.0.0" entry\'s list differs from the changes measured');
    expect(edited.output).toContain(`measured, not in the entry: ${measuredLines[1]!}`);
    expect(edited.output).toContain(`measured, not in the entry: ${measuredLines[3]!}`);
    expect(edited.output).toContain(`in the entry, not measured: ${measuredLines[3]!.replace('(breaking)', '(minor)')}`);
    // CHANGELOG.md right again, the data file behind it.
    written.write('CHANGELOG.md', good);
    written.write('generated/things/changes.json', `${JSON.stringify({ vendor: 'things', releases: [] }, null, 2)}\n`);
    const stale = await written.diff();
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain('generated/things/changes.json is not the measured lists CHANGELOG.md holds for things');
  });

  it('fails a breaking change with a major bump but no CHANGELOG entry', async () => {
    const result = await gate((s) => bumpMajor(removeProperty(s)));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('CHANGELOG.md has no "## things 2.0.0" entry');
  });
});
