// `vendor-apis proxy <vendor> <upstream-url> [--port N] [--report dir] [--fail-on-violation]`:
// Prism as a validating proxy. Point a client's baseUrl at it; every request is forwarded to
// <upstream-url> (the vendor's real base URL, version prefix included) and both the request
// and the real response are checked against the spec. Violations are logged and returned in
// the `sl-violations` header. At shutdown (Ctrl-C / SIGTERM), --report writes the traffic
// seen as JSON and JUnit, and --fail-on-violation exits 1 if any response violated the spec:
// run a test suite through the proxy in CI and fail on drift.
import { existsSync } from 'node:fs';
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { HOST, mockPort } from '../ports.js';
import { listOperations, loadBundle } from '../../spec/openapi.js';
import type { Exchange } from '../mock/prism.js';
import { listVendors, UsageError } from '../../spec/project.js';
import { proxyReport } from '../proxy/report.js';
import { checkReportDir, reportTable, writeReports } from '../verify/report.js';
import { checkRemoteUrl, listenHost, listenProblem, probeListen } from '../network.js';
import { PROXY_TIMEOUT_MS } from '../proxy/upstream.js';

/** Proxies listen 100 above the vendor's mock port unless --port says otherwise. */
const PROXY_PORT_OFFSET = 100;
const FLAGS = { port: { type: 'string' }, host: { type: 'string' }, report: { type: 'string' }, 'fail-on-violation': { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export async function proxyCommand(argv: string[], program: string): Promise<void> {
  const usage = `Usage: ${program} <vendor> <upstream-url> [--port N] [--host H] [--report <dir>] [--fail-on-violation] [--timeout <ms>]`;
  const parsed = parseCommandLine(argv, FLAGS, usage);
  const { values, positionals } = parsed;
  if (values.help) return void console.log(usage);
  const [name, upstream] = positionals;
  if (!name || !upstream || positionals.length > 2) throw new UsageError(usage, 2);
  const vendor = vendorOrUsage(name, usage);
  // Credentials sent through the proxy go on to the upstream: https, or http to this machine only.
  checkRemoteUrl(upstream, 'the upstream URL');
  const timeoutMs = values.timeout === undefined ? PROXY_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout takes milliseconds (a positive integer), got "${values.timeout}". ${usage}`, 2);
  const host = listenHost(values.host, HOST);
  if (values.report) checkReportDir(values.report);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError('--port takes a port number (0 for any free port).', 2);
  if (!existsSync(vendor!.bundlePath)) throw new UsageError(`No bundle for ${vendor!.name}: run \`npm run generate\` first.`, 2);
  const index = listVendors().findIndex((v) => v.name === vendor!.name);
  const exchanges: Exchange[] = [];
  const startedAt = new Date().toISOString();
  // The signal handlers come first: a SIGTERM at any moment from here on writes the report.
  let server: { close(): Promise<void> } | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await server?.close();
    const report = proxyReport(vendor!.name, upstream, startedAt, listOperations(loadBundle(vendor!.bundlePath)), exchanges);
    console.log(`\n${signal}: proxy stopped after ${exchanges.length} request(s).\n${reportTable(report)}`);
    if (values.report) console.log(`Reports: ${writeReports(report, values.report, (text) => text).join(', ')}`);
    // Both fail the run: drift in the vendor's answers, and requests the client got wrong.
    const violated = report.summary.deviated;
    const invalid = report.summary['invalid-request'];
    if (values['fail-on-violation'] && violated + invalid > 0) {
      if (violated) console.log(`--fail-on-violation: ${violated} response(s) violated the spec.`);
      if (invalid) console.log(`--fail-on-violation: ${invalid} request(s) from the client violated the spec (the client's mistake, not vendor drift).`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const listenPort = port ?? mockPort(index) + PROXY_PORT_OFFSET;
  const problem = listenPort === 0 ? undefined : await probeListen(listenPort, host);
  if (problem) throw new UsageError(listenProblem(problem, host, listenPort, `the ${vendor!.name} proxy`, '--port N'));
  // Prism loads only once the arguments and the bundle are known to be good: --help, usage
  // errors and a broken bundle answer without it.
  loadBundle(vendor!.bundlePath);
  const [{ startMock }, { guardUpstream }] = await Promise.all([import('../mock/prism.js'), import('../proxy/upstream.js')]);
  guardUpstream(upstream, timeoutMs);
  const running = await startMock(vendor!.bundlePath, {
    upstream,
    port: listenPort,
    host,
    logLevel: 'info',
    label: vendor!.name,
    onExchange: (exchange) => exchanges.push(exchange),
  });
  server = running;
  console.log(`Validating proxy for ${vendor!.name}: ${running.url} → ${upstream}`);
  console.log('Use the first URL as the client\'s baseUrl. Violations are logged here ("!") and returned in the sl-violations header. Ctrl-C stops it.');
}
