import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot, type Vendor } from '../../src/spec/project.js';
import { bin, runOrExit } from './run.js';
import { writeIfChanged } from './write.js';

/** Bundles one vendor's spec (refs to other files become components) into generated/<vendor>/openapi.json. */
export async function bundleVendor(vendor: Vendor): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  try {
    const out = path.join(tmp, 'openapi.json');
    await runOrExit(`redocly bundle ${vendor.name}`, bin('redocly'), ['bundle', vendor.name, '-o', out], projectRoot);
    const json = `${JSON.stringify(JSON.parse(readFileSync(out, 'utf8')), null, 2)}\n`;
    writeIfChanged(vendor.bundlePath, json);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
