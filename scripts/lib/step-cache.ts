// A record of work already proven on exactly these inputs, so a repeated `npm test` skips it.
// The key is a SHA-256 over the content (never the mtime) of every file the step reads, its
// tool versions (package-lock.json) and the script itself; any change is a miss. Only
// successes are stored, under .tmp/step-cache/ (ignored by git, absent in a fresh clone, so
// CI always does the work). VENDOR_APIS_CACHE=off turns it off.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/spec/project.js';

const cacheDir = path.join(projectRoot, '.tmp', 'step-cache');
/** Read at each use: a test that proves the cache sets VENDOR_APIS_CACHE for itself, whatever the outer run says. */
export const cacheEnabled = (): boolean => process.env.VENDOR_APIS_CACHE !== 'off';

/** Hash of the given strings and of every file under the given paths (folders walked, sorted; `keep` filters the files). */
export function inputsKey(files: string[], extra: string[] = [], keep: (file: string) => boolean = () => true): string {
  const hash = createHash('sha256');
  // The Node version too: `.ci/run` runs npm test on Node 20 and then 24, and each must do the work.
  hash.update(`node\0${process.version}\0`);
  for (const text of extra) hash.update(`text\0${text}\0`);
  for (const file of files.flatMap(walk).filter(keep).sort()) {
    // A file outside the project (a tarball in a temporary folder) is named by its base name.
    const name = path.relative(projectRoot, file);
    hash.update(`file\0${name.startsWith('..') ? path.basename(file) : name}\0`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

function walk(file: string): string[] {
  if (!existsSync(file)) return [];
  if (!statSync(file).isDirectory()) return [file];
  return readdirSync(file).flatMap((name) => walk(path.join(file, name)));
}

/** What `step` stored for `name` (a vendor, say) under this key, or undefined: a miss, or the cache is off. */
export function cachedResult(step: string, name: string, key: string): Buffer | undefined {
  const base = path.join(cacheDir, step, name);
  if (!cacheEnabled() || !existsSync(`${base}.key`) || readFileSync(`${base}.key`, 'utf8') !== key) return undefined;
  return existsSync(`${base}.out`) ? readFileSync(`${base}.out`) : undefined;
}

/** Stores a success of `step` for `name` under this key (its output, or an empty marker); one entry per name. */
export function storeResult(step: string, name: string, key: string, content: string | Buffer = ''): void {
  if (!cacheEnabled()) return;
  const base = path.join(cacheDir, step, name);
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(`${base}.out`, content);
  writeFileSync(`${base}.key`, key); // written last: a half-written entry is a miss
}

/**
 * Where the package test keeps the consumer projects it reuses for a byte-identical tarball:
 * outside the repo, so no node_modules above them lends the client-only project the tools.
 */
export const reusedInstallsDir = path.join(os.tmpdir(), `vendor-apis-package-test-${createHash('sha256').update(projectRoot).digest('hex').slice(0, 12)}`);

/** Forgets every record of proven work (this cache, the test results, tsc's incremental state, reused installs): the next run is a cold one. */
export function clearCaches(): void {
  for (const dir of [cacheDir, path.join(projectRoot, '.tmp', 'test-results'), path.join(projectRoot, '.tmp', 'tsc'), path.join(projectRoot, 'dist', '.tsbuildinfo'), path.join(projectRoot, '.tmp', 'code-samples', 'tsbuildinfo'), reusedInstallsDir]) {
    rmSync(dir, { recursive: true, force: true });
  }
}
