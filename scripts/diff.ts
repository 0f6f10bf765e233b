// npm run diff [-- <git-ref>]: the breaking-change gate. Compares every vendor's spec at the
// ref (default: the previous commit, HEAD~1) with the working tree's, rates the changes with
// `redocly diff` (diff-recommended rules), and fails when a vendor has a breaking (major)
// change without both a major bump of its info.version and a `## <vendor> <version>` entry
// in CHANGELOG.md. The package's own version follows the highest spec change: when a spec's
// info.version moves by major, minor or patch, package.json's version must move at least as
// far, with a `## vendor-apis <version>` CHANGELOG.md entry.
// When a spec's info.version moves, its `## <vendor> <version>` entry must hold the list of
// changes measured between the two specs (scripts/lib/change-list.ts), exactly; and each
// generated/<vendor>/changes.json must be the lists CHANGELOG.md holds for that vendor.
// `npm run diff -- --write [<git-ref>]` writes both (the entry is added if missing), then checks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listVendors, projectRoot, UsageError, type Vendor } from '../src/spec/project.js';
import { bin, main, run } from './lib/run.js';
import { textTable } from '../src/spec/vendor-summary.js';
import { changeLines, changesJson, measuredChanges, readBlock, renderBlock, writeBlock, type DiffChange } from './lib/change-list.js';

interface DiffReport {
  infoVersions: { base: string; revision: string };
  summary: { major: number; minor: number; patch: number };
  changes: DiffChange[];
}

main(async () => {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--write');
  if (unknown) throw new UsageError(`Unknown option ${unknown}. Usage: npm run diff [-- [--write] [git-ref]]`, 2);
  const givenRef = args.find((a) => !a.startsWith('-'));
  const ref = givenRef ?? 'HEAD~1';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    if (givenRef === undefined) {
      console.log(`No ${ref} (first commit?): nothing to compare.`);
      return;
    }
    throw new UsageError(`Unknown git ref "${ref}".`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spec-diff-'));
  try {
    // The tree at the ref: its specs and redocly.yaml, extracted with git archive.
    const baseRoot = path.join(tmp, 'base');
    mkdirSync(baseRoot, { recursive: true });
    git('archive', '--output', path.join(tmp, 'base.tar'), ref, '--', 'specs', 'redocly.yaml');
    execFileSync('tar', ['-xf', path.join(tmp, 'base.tar'), '-C', baseRoot]);
    const baseVendors = existsSync(path.join(baseRoot, 'redocly.yaml')) ? listVendors(baseRoot) : [];
    const changelogFile = path.join(projectRoot, 'CHANGELOG.md');
    let changelog = existsSync(changelogFile) ? readFileSync(changelogFile, 'utf8') : '';
    const rows: string[][] = [];
    const failures: string[] = [];
    let highest: Bump = 'none';
    // Every vendor's diff at once (one redocly process each); the verdicts below keep redocly.yaml order.
    const reports = await Promise.all(
      listVendors().map((vendor) => {
        const base = baseVendors.find((v) => v.name === vendor.name);
        return base ? compare(base, vendor, tmp) : undefined;
      }),
    );
    for (const [i, vendor] of listVendors().entries()) {
      const report = reports[i];
      if (!report) {
        rows.push([vendor.name, '(new)', '-', 'new vendor: nothing to compare']);
        highest = higher(highest, 'minor');
        continue;
      }
      const { base: from, revision: to } = report.infoVersions;
      highest = higher(highest, bumpOf(from, to));
      const { major, minor, patch } = report.summary;
      let verdict = 'ok';
      // A release: its entry says what changed, as measured.
      if (from !== to) {
        const measured = measuredChanges(report.changes);
        if (write) changelog = writeBlock(changelog, vendor.name, to, renderBlock(from, to, measured));
        const problem = listProblem(changelog, vendor.name, from, to, changeLines(measured));
        if (problem) {
          verdict = 'CHANGE LIST';
          failures.push(`${vendor.name} ${from} → ${to}: ${problem} (\`npm run diff -- --write ${ref}\` writes it)`);
        }
      }
      if (major > 0) {
        const problems = [];
        if (semverMajor(to) <= semverMajor(from)) problems.push(`info.version ${from} → ${to} is not a major bump`);
        if (!new RegExp(`^##\\s+${escapeRegExp(vendor.name)}\\s+${escapeRegExp(to)}\\b`, 'm').test(changelog)) {
          problems.push(`CHANGELOG.md has no "## ${vendor.name} ${to}" entry`);
        }
        if (problems.length) {
          verdict = verdict === 'ok' ? 'BREAKING' : `BREAKING, ${verdict}`;
          const changes = report.changes
            .filter((c) => c.impact === 'major')
            .map((c) => `    - ${c.kind} ${c.path}${c.property ? ` · ${c.property}` : ''}${c.verdicts?.length ? `: ${c.verdicts.map((v) => v.message).join('; ')}` : ''}`);
          failures.push(`${vendor.name}: ${major} breaking change(s) but ${problems.join(' and ')}:\n${changes.join('\n')}`);
        } else if (verdict === 'ok') {
          verdict = 'breaking, versioned';
        }
      }
      rows.push([vendor.name, from === to ? from : `${from} → ${to}`, `${major} major, ${minor} minor, ${patch} patch`, verdict]);
    }
    // The lists as data: generated/<vendor>/changes.json, made from CHANGELOG.md.
    for (const vendor of listVendors()) {
      if (!existsSync(vendor.generatedDir)) continue;
      const file = path.join(vendor.generatedDir, 'changes.json');
      const wanted = changesJson(changelog, vendor.name);
      if (write) writeFileSync(file, wanted);
      else if (!existsSync(file) || readFileSync(file, 'utf8') !== wanted) {
        failures.push(`${path.relative(projectRoot, file)} is not the measured lists CHANGELOG.md holds for ${vendor.name} (\`npm run diff -- --write ${ref}\` writes it)`);
      }
    }
    if (write) writeFileSync(changelogFile, changelog);
    const packageRow = checkPackageVersion(git, ref, highest, changelog, failures);
    if (packageRow) rows.push(packageRow);
    console.log(`Spec changes since ${ref}\n${textTable(['vendor', 'info.version', 'changes', 'verdict'], rows)}`);
    if (failures.length) {
      console.error(`\n✖ Breaking changes need a major info.version bump and a CHANGELOG.md entry, a release's entry lists the changes measured, and the package version follows the highest spec change:\n${failures.join('\n')}`);
      process.exit(1);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

/** Why the `## <vendor> <to>` entry's measured list is not `lines`, or undefined when it is. */
function listProblem(changelog: string, name: string, from: string, to: string, lines: string[]): string | undefined {
  const block = readBlock(changelog, name, to);
  if (!block) return `CHANGELOG.md has no measured change list in a "## ${name} ${to}" entry:\n${lines.map((l) => `    ${l}`).join('\n')}`;
  const missing = lines.filter((l) => !block.lines.includes(l));
  const extra = block.lines.filter((l) => !lines.includes(l));
  if (block.from !== from) return `the entry's list is measured from ${block.from || 'an unnamed version'}, not ${from}`;
  if (block.lines.length === lines.length && block.lines.every((l, i) => l === lines[i])) return undefined;
  return [
    `the "## ${name} ${to}" entry's list differs from the changes measured`,
    ...missing.map((l) => `    measured, not in the entry: ${l}`),
    ...extra.map((l) => `    in the entry, not measured: ${l}`),
    ...(missing.length || extra.length ? [] : ['    (the same lines, repeated or in another order)']),
  ].join('\n');
}

/** `redocly diff` reads both root files and resolves their $refs itself: no bundle step (and no bundle process) needed. */
async function compare(base: Vendor, head: Vendor, tmp: string): Promise<DiffReport> {
  const reportFile = path.join(tmp, `${head.name}.diff.json`);
  await mustRun(
    bin('redocly'),
    ['diff', base.specRoot, head.specRoot, '--format', 'json', '--fail-on', 'none', '-o', reportFile, '--config', path.join(projectRoot, 'redocly.yaml')],
    projectRoot,
  );
  return JSON.parse(readFileSync(reportFile, 'utf8')) as DiffReport;
}

async function mustRun(command: string, args: string[], cwd: string): Promise<void> {
  const result = await run(command, args, { cwd });
  if (result.code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed:\n${result.output}`);
}

type Bump = 'none' | 'patch' | 'minor' | 'major';
const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
const higher = (a: Bump, b: Bump): Bump => (RANK[b] > RANK[a] ? b : a);

function bumpOf(from: string, to: string): Bump {
  const [a, b] = [from, to].map((v) => (/^(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1).map(Number));
  if (a?.length !== 3 || b?.length !== 3) return 'none';
  if (b[0]! > a[0]!) return 'major';
  if (b[0] === a[0] && b[1]! > a[1]!) return 'minor';
  if (b[0] === a[0] && b[1] === a[1] && b[2]! > a[2]!) return 'patch';
  return 'none';
}

/** The package version must move at least as far as the highest spec version did; undefined when the ref has no package.json. */
function checkPackageVersion(git: (...args: string[]) => string, ref: string, highest: Bump, changelog: string, failures: string[]): string[] | undefined {
  let from: string;
  try {
    from = (JSON.parse(git('show', `${ref}:package.json`)) as { version: string }).version;
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const to = manifest.version;
  const bump = bumpOf(from, to);
  const problems: string[] = [];
  if (RANK[bump] < RANK[highest]) problems.push(`package version ${from} → ${to} is ${bump === 'none' ? 'no' : `a ${bump}`} bump, but a spec had a ${highest} one`);
  if (bump !== 'none' && !new RegExp(`^##\\s+${escapeRegExp(manifest.name)}\\s+${escapeRegExp(to)}\\b`, 'm').test(changelog)) {
    problems.push(`CHANGELOG.md has no "## ${manifest.name} ${to}" entry`);
  }
  if (problems.length) failures.push(`${manifest.name} (package): ${problems.join(' and ')}`);
  return [`${manifest.name} (package)`, from === to ? from : `${from} → ${to}`, `highest spec change: ${highest}`, problems.length ? 'NOT FOLLOWED' : 'ok'];
}

function semverMajor(version: string): number {
  const match = /^(\d+)\.\d+\.\d+/.exec(version);
  if (!match) throw new Error(`info.version "${version}" is not semver`);
  return Number(match[1]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
