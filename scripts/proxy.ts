// npm run proxy -- <vendor> <upstream-url> [--port N]: Prism as a validating proxy. Point a
// client's baseUrl at it; every request is forwarded to <upstream-url> (the vendor's real
// base URL, version prefix included) and both the request and the real response are checked
// against the spec. Violations are logged and returned in the `sl-violations` header.
import { existsSync } from 'node:fs';
import { HOST, mockPort } from './lib/ports.js';
import { startMock } from './lib/prism.js';
import { listVendors, selectVendors, UsageError } from './lib/project.js';
import { main } from './lib/run.js';
import { stopOnSignal } from './lib/mock-fleet.js';

/** Proxies listen 100 above the vendor's mock port unless --port says otherwise. */
const PROXY_PORT_OFFSET = 100;

main(async () => {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf('--port');
  const port = portFlag >= 0 ? Number(args.splice(portFlag, 2)[1]) : undefined;
  const [name, upstream] = args;
  if (!name || !upstream) throw new UsageError('Usage: npm run proxy -- <vendor> <upstream-url> [--port N]');
  const [vendor] = selectVendors([name]);
  if (!URL.canParse(upstream) || !/^https?:$/.test(new URL(upstream).protocol)) {
    throw new UsageError(`Upstream "${upstream}" is not an absolute http(s) URL (the vendor's base URL, e.g. its spec's server).`);
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError('--port takes a port number (0 for any free port).');
  if (!existsSync(vendor!.bundlePath)) throw new UsageError(`No bundle for ${vendor!.name}: run \`npm run generate\` first.`);
  const index = listVendors().findIndex((v) => v.name === vendor!.name);
  const server = await startMock(vendor!.bundlePath, {
    upstream,
    port: port ?? mockPort(index) + PROXY_PORT_OFFSET,
    host: HOST,
    logLevel: 'info',
    label: vendor!.name,
  });
  stopOnSignal([server.close]);
  console.log(`Validating proxy for ${vendor!.name}: ${server.url} → ${upstream}`);
  console.log('Use the first URL as the client\'s baseUrl. Violations are logged here ("!") and returned in the sl-violations header. Ctrl-C stops it.');
});
