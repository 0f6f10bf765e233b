// Which vendors, and which checks, a vendor-driven test file proves in this run. `npm test`
// (scripts/test.ts) skips a vendor's share of a file when that share passed before on
// byte-identical inputs; it names the shares still to prove in VENDOR_APIS_TEST_SHARES
// ({"contract-tests/x/y.test.ts": ["falkor"]}), and names a file there only when the file's own
// inputs (its code, fixtures, what inputs.yaml declares without <vendor>) are unchanged. A file
// it does not name, or a run without the variable (`vitest run`, CI), proves everything.
//
// A check outside the per-vendor loops is registered only when `toProve(import.meta.url, read)`
// says so, `read` being every vendor whose data its outcome depends on ([] for none). A check
// left unregistered passed before on these exact inputs; a skipped test (it.skipIf) would cost
// the file its record instead. A check that picks its vendor with firstVendorWith() depends on
// the vendors it looked at: those before its choice and the choice.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listVendors, repoRoot, type Vendor } from '../../src/spec/project.js';
import { SHARES_ENV } from '../../scripts/lib/test-results.js';

/** The vendor names to prove in the test file at `fileUrl`, or undefined for all of them (and every other check). */
function sharesOf(fileUrl: string): string[] | undefined {
  const raw = process.env[SHARES_ENV];
  if (!raw) return undefined;
  const file = path.relative(repoRoot, fileURLToPath(fileUrl)).split(path.sep).join('/');
  return (JSON.parse(raw) as Record<string, string[]>)[file];
}

/** The vendors whose share of the test file at `fileUrl` (pass `import.meta.url`) this run proves. */
export function vendorsToTest(fileUrl: string): Vendor[] {
  const names = sharesOf(fileUrl);
  const all = listVendors();
  return names ? all.filter((v) => names.includes(v.name)) : all;
}

/**
 * Whether this run proves a check of the file at `fileUrl` whose outcome depends on the data of
 * the `read` vendors only (besides the file's own inputs): true unless the runner reran the file
 * for other vendors' changed data alone.
 */
export function toProve(fileUrl: string, read: Vendor[]): boolean {
  const names = sharesOf(fileUrl);
  return !names || read.some((v) => names.includes(v.name));
}

/**
 * The first vendor (in generated/vendors.json order) for which `find` returns a value, with
 * that value and the vendors the choice read: the ones before it, which had none, and itself.
 */
export function firstVendorWith<T>(find: (vendor: Vendor) => T | undefined | null | false): { vendor: Vendor; value: T; read: Vendor[] } | undefined {
  const read: Vendor[] = [];
  for (const vendor of listVendors()) {
    read.push(vendor);
    const value = find(vendor);
    if (value) return { vendor, value, read };
  }
  return undefined;
}
