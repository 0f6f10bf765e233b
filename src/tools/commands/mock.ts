// `vendor-apis mock [vendor…] [--port N] [--host H] [--dynamic] [--seed N] [--quiet]
// [--stateful [--explain] [--seed-data FILE] [--webhook-url URL…]]` (and
// `npm run mock`): Prism mock servers, the first vendor on --port (default 4010) and the rest
// after it in vendor order, serving the documented examples (or, with --dynamic, data
// generated from the schemas). Each request is logged as one redacted line unless --quiet.
// Ctrl-C stops all.
import { existsSync } from 'node:fs';
import { checkPorts, startMockFleet, stopOnSignal } from '../mock/fleet.js';
import { mockUsage, parseMockOptions } from '../mock/options.js';
import { loadBundle } from '../../spec/openapi.js';
import { UsageError } from '../../spec/project.js';
import { summarizeVendor, textTable } from '../../spec/vendor-summary.js';

export async function mockCommand(argv: string[], program: string): Promise<void> {
  const options = parseMockOptions(argv, program);
  if (options.help) return void console.log(mockUsage(program));
  const missing = options.vendors.filter((v) => !existsSync(v.bundlePath));
  if (missing.length) throw new UsageError(`No bundle for ${missing.map((v) => v.name).join(', ')}: run \`npm run generate\` first.`);
  // A truncated or foreign bundle is named before Prism loads (startMockFleet imports it).
  for (const vendor of options.vendors) loadBundle(vendor.bundlePath);
  if (options.explain) {
    const { explainVendor } = await import('../stateful/explain.js');
    return void console.log(options.vendors.map((v) => explainVendor(v)).join('\n\n'));
  }
  await checkPorts(options);
  const mocks = await startMockFleet(options);
  stopOnSignal(mocks.map((m) => m.server.close));
  const rows = mocks.map(({ vendor, server }) => {
    const summary = summarizeVendor(vendor);
    return [vendor.name, server.url, String(summary.operations), summary.auth.replace(/`/g, '')];
  });
  const data = options.stateful
    ? 'stateful data: what clients create is remembered, starting from the documented examples (--explain shows the resources; POST <url>/__mock/reset restarts)'
    : options.dynamic
      ? `dynamic data${options.seed !== undefined ? ` (seed ${options.seed})` : ''}`
      : 'documented examples';
  console.log(`\nPrism mocks serving ${data} (use the URL as the client's baseUrl; Prefer: code=…, example=… picks a response)\n`);
  console.log(textTable(['vendor', 'mock URL', 'operations', 'auth'], rows));
  console.log(`\n${options.quiet ? 'Requests are not logged (--quiet).' : 'Each request is logged below as one line.'} Ctrl-C stops every server.`);
}
