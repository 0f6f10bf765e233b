// Content-addressed test results: which vitest files (or vendor shares of a file) already passed
// on byte-identical inputs, so a local `npm test` skips them. What a file reads is its module
// graph (esbuild's, over static and literal dynamic imports), what contract-tests/inputs.yaml
// declares for it (data, the entry points it runs as processes, outside tools' versions), each
// vendor's data (specs/, generated/, dist/generated/, docs/site/ of that vendor, and the module
// graph of the vendor's generated client), the files every test reads (inputs.yaml `base`),
// the Node version and the environment variables that change what tests do. A file whose per-vendor tests
// iterate vendorsToTest() (`shares: true`) keeps one key per vendor, so a change to one
// vendor's spec reruns only that vendor's share. Only passes are recorded, under
// .tmp/test-results/ (absent in a fresh clone); a file inputs.yaml does not declare always runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { listVendors, repoRoot } from '../../src/spec/project.js';

export const INPUTS_FILE = 'contract-tests/inputs.yaml';
/** Names, per test file, the vendor shares a run proves (contract-tests/lib/shares.ts reads it). */
export const SHARES_ENV = 'VENDOR_APIS_TEST_SHARES';
const TEST_DIR = 'contract-tests';
const VENDOR = '<vendor>';

export interface FileInputs {
  /** Files or folders (repo-relative, may hold <vendor>) the tests read at run time. */
  reads?: string[];
  /** Modules the tests start as processes: their module graphs are inputs too. */
  runs?: string[];
  /** Commands whose output names the version of an outside tool the tests drive. */
  tools?: string[][];
  /** The file's per-vendor tests iterate vendorsToTest(): it is proven vendor by vendor. */
  shares?: boolean;
  /** false: the file never reads the vendors' data (it builds its own trees from fixtures). */
  vendorData?: boolean;
}

export interface InputsDeclaration {
  /** Read by every test file: tool versions, settings, fixtures. */
  base: string[];
  /** One vendor's data (with <vendor>). */
  vendor: string[];
  /** Environment variables that change what a test does. */
  env: string[];
  files: Record<string, FileInputs>;
}

export interface FileKey {
  /** Repo-relative, with forward slashes. */
  file: string;
  declared: boolean;
  shares: boolean;
  /** Everything but the vendor data of a sharing file. */
  common: string;
  /** Per vendor, for a sharing file. */
  vendors: Record<string, string>;
  /** Every input file, for the proof test and for `--explain`. */
  inputs: string[];
}

export function readDeclaration(root = repoRoot): InputsDeclaration {
  const YAML = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return YAML.parse(readFileSync(path.join(root, INPUTS_FILE), 'utf8')) as InputsDeclaration;
}

const slash = (p: string) => p.split(path.sep).join('/');

/** Every file under the given repo-relative paths (folders walked), as repo-relative or absolute (outside the repo) paths. */
function expand(root: string, entries: string[]): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs)) walk(path.join(abs, name));
    } else out.push(abs);
  };
  for (const entry of entries) {
    const star = entry.indexOf('*');
    if (star < 0) {
      walk(path.resolve(root, entry));
      continue;
    }
    // A glob (generated/**/*.ts): the files under its folder that match it.
    const pattern = new RegExp(`^${entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '(?:.*/)?')}$`);
    const before = out.length;
    walk(path.resolve(root, entry.slice(0, entry.lastIndexOf('/', star) + 1)));
    const matched = out.splice(before).filter((abs) => pattern.test(slash(path.relative(root, abs))));
    out.push(...matched);
  }
  return out.map((abs) => {
    const rel = slash(path.relative(root, abs));
    return rel.startsWith('../') ? abs : rel;
  });
}

/** Module graphs of the given entries (repo-relative): per entry, the repo files it imports, transitively. */
async function moduleGraphs(root: string, entries: string[]): Promise<Map<string, string[]>> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: path.join(root, '.tmp', 'test-results', 'graph'),
    outbase: root,
    logLevel: 'silent',
    // Loaders for what tests import besides code: their content is the input.
    loader: { '.json': 'json', '.yaml': 'text', '.html': 'text', '.md': 'text' },
  });
  const graphs = new Map<string, string[]>();
  for (const output of Object.values(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    graphs.set(slash(output.entryPoint), Object.keys(output.inputs).map(slash).filter((f) => !f.startsWith('node_modules/')));
  }
  return graphs;
}

/** Hashes of file contents, computed once per file for all keys. */
class ContentHashes {
  private readonly memo = new Map<string, string>();
  constructor(private readonly root: string) {}
  of(file: string): string {
    let hash = this.memo.get(file);
    if (hash === undefined) {
      const abs = path.resolve(this.root, file);
      hash = existsSync(abs) ? createHash('sha256').update(readFileSync(abs)).digest('hex') : 'absent';
      this.memo.set(file, hash);
    }
    return hash;
  }
  key(files: Iterable<string>, extra: string[]): string {
    const hash = createHash('sha256');
    for (const text of extra) hash.update(`text\0${text}\0`);
    for (const file of [...new Set(files)].sort()) {
      // A file outside the repository (the vendor docs beside it) is named by its path from there.
      hash.update(`file\0${file.startsWith('/') ? path.basename(file) : file}\0${this.of(file)}\0`);
    }
    return hash.digest('hex').slice(0, 32);
  }
}

const toolOutputs = new Map<string, string>();
function toolVersion(command: string[]): string {
  const id = command.join('\0');
  if (!toolOutputs.has(id)) {
    let out: string;
    try {
      out = execFileSync(command[0]!, command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).trim();
    } catch {
      out = 'unavailable';
    }
    toolOutputs.set(id, out);
  }
  return toolOutputs.get(id)!;
}

/** Every vitest file (what vitest.config.ts includes: each .test.ts under contract-tests/), repo-relative, sorted. */
export function listTestFiles(root = repoRoot): string[] {
  return expand(root, [TEST_DIR]).filter((f) => f.endsWith('.test.ts')).sort();
}

/** The keys of every given test file (repo-relative) as the tree at `root` stands now. */
export async function computeKeys(testFiles: string[], root = repoRoot, env: NodeJS.ProcessEnv = process.env): Promise<FileKey[]> {
  const declaration = readDeclaration(root);
  const vendors = listVendors(root).map((v) => v.name);
  const vendorPaths = (name: string, entries: string[]) => entries.map((e) => e.replaceAll(VENDOR, name));
  const clientEntry = (name: string) => `generated/${name}/index.ts`;
  const runs = new Set<string>();
  for (const file of testFiles) for (const entry of declaration.files[file]?.runs ?? []) runs.add(entry);
  const entries = [...testFiles, ...runs, ...vendors.map(clientEntry).filter((f) => existsSync(path.join(root, f)))];
  const graphs = await moduleGraphs(root, entries);
  const hashes = new ContentHashes(root);
  // The declared variables, and each vendor's credential variables (<VENDOR>_…, read by verify):
  // only their hash is kept.
  const vendorPrefixes = vendors.map((name) => `${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_`);
  const envNames = [...declaration.env, ...Object.keys(env).filter((name) => vendorPrefixes.some((prefix) => name.startsWith(prefix))).sort()];
  const envText = envNames.map((name) => `${name}=${env[name] ?? ''}`);
  const baseText = [`node ${process.version}`, ...envText];
  const base = expand(root, [INPUTS_FILE, ...declaration.base]);
  const vendorFiles = new Map(vendors.map((name) => [name, [...expand(root, vendorPaths(name, declaration.vendor)), ...(graphs.get(clientEntry(name)) ?? [])]]));

  return testFiles.map((file) => {
    const inputs = declaration.files[file];
    const declared = inputs !== undefined;
    const shares = !!inputs?.shares;
    const own = [...base, ...(graphs.get(file) ?? [file])];
    for (const entry of inputs?.runs ?? []) own.push(...(graphs.get(entry) ?? [entry]));
    const reads = inputs?.reads ?? [];
    own.push(...expand(root, reads.filter((r) => !r.includes(VENDOR))));
    const perVendor = reads.filter((r) => r.includes(VENDOR));
    const vendorInputs = (name: string) => [...vendorFiles.get(name)!, ...expand(root, vendorPaths(name, perVendor))];
    const text = [...baseText, ...(inputs?.tools ?? []).map((command) => `${command.join(' ')}: ${toolVersion(command)}`)];
    const all = [...own];
    const keys: Record<string, string> = {};
    for (const name of inputs?.vendorData === false ? [] : vendors) {
      const files = vendorInputs(name);
      all.push(...files);
      if (shares) keys[name] = hashes.key(files, [name]);
    }
    const common = shares ? hashes.key(own, text) : hashes.key(all, text);
    return { file, declared, shares, common, vendors: keys, inputs: [...new Set(all)].sort() };
  });
}

/** What passed, and on which inputs: one entry per test file. */
export interface ResultRecord {
  common: string;
  vendors: Record<string, string>;
}

export type Records = Record<string, ResultRecord>;

const recordsPath = (root: string) => path.join(root, '.tmp', 'test-results', 'passed.json');

export function readRecords(root = repoRoot): Records {
  const file = recordsPath(root);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Records;
  } catch {
    return {}; // a damaged record proves nothing
  }
}

export function writeRecords(records: Records, root = repoRoot): void {
  mkdirSync(path.dirname(recordsPath(root)), { recursive: true });
  writeFileSync(recordsPath(root), `${JSON.stringify(records, null, 1)}\n`);
}

export interface PlannedFile {
  file: string;
  /** undefined: every vendor (or a file without shares); else the vendors whose share must run. */
  vendors?: string[];
  reason: 'undeclared' | 'changed' | 'new' | 'vendor data changed';
}

export interface Plan {
  run: PlannedFile[];
  skippedFiles: string[];
  /** Vendor shares skipped in files that run for their other vendors. */
  skippedShares: number;
}

/** Which files (and vendor shares) must run, given what passed before. */
export function planRun(keys: FileKey[], records: Records): Plan {
  const plan: Plan = { run: [], skippedFiles: [], skippedShares: 0 };
  for (const key of keys) {
    const record = records[key.file];
    if (!key.declared) plan.run.push({ file: key.file, reason: 'undeclared' });
    else if (!record) plan.run.push({ file: key.file, reason: 'new' });
    else if (record.common !== key.common) plan.run.push({ file: key.file, reason: 'changed' });
    else {
      const stale = Object.keys(key.vendors).filter((v) => record.vendors[v] !== key.vendors[v]);
      if (stale.length === 0) plan.skippedFiles.push(key.file);
      else {
        plan.skippedShares += Object.keys(key.vendors).length - stale.length;
        plan.run.push({ file: key.file, vendors: stale, reason: 'vendor data changed' });
      }
    }
  }
  return plan;
}

/** Records a passing file: the vendors it ran join those proven before under the same common key. */
export function recordPass(records: Records, key: FileKey, ran: PlannedFile | undefined): void {
  const before = records[key.file];
  const keep = before && before.common === key.common && ran?.vendors ? before.vendors : {};
  const proven = ran?.vendors ? Object.fromEntries(ran.vendors.map((v) => [v, key.vendors[v]!])) : key.vendors;
  records[key.file] = { common: key.common, vendors: { ...keep, ...proven } };
}

/** What vitest's json reporter writes, as far as the records need it. */
export interface VitestReport {
  testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
}

/** vitest's json report, or undefined when it wrote none (it crashed: nothing is proven). */
export function readReport(file: string): VitestReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestReport;
  } catch {
    return undefined;
  }
}

/**
 * The records after a run: a file whose every test passed is recorded; one with a failed or
 * skipped test loses its record. A file run for some vendors may hold no test for them (no
 * paginated operation, say): that passes and is recorded; a whole file without tests is not.
 */
export function recordReport(records: Records, report: VitestReport, keys: FileKey[], ran: PlannedFile[], root = repoRoot): Records {
  const next = { ...records };
  for (const result of report.testResults) {
    const file = slash(path.relative(root, result.name));
    const key = keys.find((k) => k.file === file);
    const planned = ran.find((p) => p.file === file);
    const passed = result.status === 'passed' && (result.assertionResults.length > 0 || !!planned?.vendors) && result.assertionResults.every((a) => a.status === 'passed');
    if (key?.declared && passed) recordPass(next, key, planned);
    else delete next[file];
  }
  return next;
}
