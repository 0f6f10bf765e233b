// npm run mock [-- <vendor>...]: Prism mock servers on 127.0.0.1, ports from 4010 upward in
// redocly.yaml order, serving the documented examples of the bundled specs. Ctrl-C stops all.
import { existsSync } from 'node:fs';
import { startMockFleet, stopOnSignal } from './lib/mock-fleet.js';
import { selectVendors, UsageError } from './lib/project.js';
import { main } from './lib/run.js';
import { summarizeVendor, textTable } from './lib/vendor-summary.js';

main(async () => {
  const vendors = selectVendors(process.argv.slice(2));
  const missing = vendors.filter((v) => !existsSync(v.bundlePath));
  if (missing.length) throw new UsageError(`No bundle for ${missing.map((v) => v.name).join(', ')}: run \`npm run generate\` first.`);
  const mocks = await startMockFleet(vendors, process.env.MOCK_LOG === 'silent' ? 'silent' : 'info');
  stopOnSignal(mocks.map((m) => m.server.close));
  const rows = mocks.map(({ vendor, server }) => {
    const summary = summarizeVendor(vendor);
    return [vendor.name, server.url, String(summary.operations), summary.auth.replace(/`/g, '')];
  });
  console.log(`\nPrism mocks (use the URL as the client's baseUrl; Prefer: code=…, example=… picks a response)\n`);
  console.log(textTable(['vendor', 'mock URL', 'operations', 'auth'], rows));
  console.log('\nCtrl-C stops every server.');
});
