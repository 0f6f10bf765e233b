// Where the project is and which vendors it has. Vendors come from redocly.yaml `apis:`,
// so adding one is a spec folder plus one line there. In the installed package (no specs,
// no redocly.yaml) they come from generated/vendors.json, which `npm run generate` writes in
// the same order. VENDOR_APIS_ROOT points every script at another project tree (the
// benchmark uses it for its synthetic specs).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder with a package.json above this file: the repo, or the installed package (this file may run from dist/). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '../..');
  }
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const projectRoot = path.resolve(process.env.VENDOR_APIS_ROOT ?? repoRoot);

export interface Vendor {
  /** Key in redocly.yaml `apis:`, the folder name and the package subpath. */
  name: string;
  /** Root file of the hand-written spec. */
  specRoot: string;
  /** Folder of the hand-written spec. */
  specDir: string;
  /** generated/<vendor>/ */
  generatedDir: string;
  /** generated/<vendor>/openapi.json: the one artifact mock, docs and types are made from. */
  bundlePath: string;
}

/** generated/vendors.json: the vendor order, for where there is no redocly.yaml (the package). */
export const VENDOR_MANIFEST = path.join('generated', 'vendors.json');

export function listVendors(root = projectRoot): Vendor[] {
  const configPath = path.join(root, 'redocly.yaml');
  if (!existsSync(configPath) && existsSync(path.join(root, VENDOR_MANIFEST))) return manifestVendors(root);
  // yaml is a tool dependency: the installed package reads generated/vendors.json and never loads it.
  const YAML = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const config = YAML.parse(readFileSync(configPath, 'utf8')) as { apis?: Record<string, { root: string }> };
  const apis = config.apis ?? {};
  return Object.entries(apis).map(([name, api]) => {
    const specRoot = path.join(root, api.root);
    if (!existsSync(specRoot)) throw new Error(`${configPath}: apis.${name}.root ${api.root} does not exist`);
    const generatedDir = path.join(root, 'generated', name);
    return {
      name,
      specRoot,
      specDir: path.dirname(specRoot),
      generatedDir,
      bundlePath: path.join(generatedDir, 'openapi.json'),
    };
  });
}

function manifestVendors(root: string): Vendor[] {
  const names = JSON.parse(readFileSync(path.join(root, VENDOR_MANIFEST), 'utf8')) as string[];
  return names.map((name) => {
    const generatedDir = path.join(root, 'generated', name);
    // The package ships no specs: specRoot/specDir name where they would be.
    return { name, specRoot: path.join(root, 'specs', name, 'openapi.yaml'), specDir: path.join(root, 'specs', name), generatedDir, bundlePath: path.join(generatedDir, 'openapi.json') };
  });
}

/** Vendors named on the command line, or all of them; an unknown name is an error that lists the valid ones. */
export function selectVendors(names: string[], root = projectRoot): Vendor[] {
  const all = listVendors(root);
  if (names.length === 0) return all;
  const unknown = names.filter((n) => !all.some((v) => v.name === n));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown vendor ${unknown.map((n) => `"${n}"`).join(', ')}. Valid vendors: ${all.map((v) => v.name).join(', ')}.`,
    );
  }
  return all.filter((v) => names.includes(v.name));
}

/** A mistake the user fixes (unknown vendor, bad option): printed as one line, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** Exit code; `verify` uses 2 for bad usage, as its report's codes 0/1 mean pass/deviation. */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
