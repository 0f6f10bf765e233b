// Which vendors a vendor-driven test file tests in this run. `npm test` (scripts/test.ts) skips
// a vendor's share of a file when that share passed before on byte-identical inputs; it names
// the shares still to prove in VENDOR_APIS_TEST_SHARES ({"contract-tests/x/y.test.ts": ["falkor"]}).
// A file it does not name, or a run without the variable (`vitest run`, CI), tests every vendor.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listVendors, repoRoot, type Vendor } from '../../src/spec/project.js';
import { SHARES_ENV } from '../../scripts/lib/test-results.js';

/** The vendors whose share of the test file at `fileUrl` (pass `import.meta.url`) this run proves. */
export function vendorsToTest(fileUrl: string): Vendor[] {
  const all = listVendors();
  const raw = process.env[SHARES_ENV];
  if (!raw) return all;
  const file = path.relative(repoRoot, fileURLToPath(fileUrl)).split(path.sep).join('/');
  const names = (JSON.parse(raw) as Record<string, string[]>)[file];
  return names ? all.filter((v) => names.includes(v.name)) : all;
}
