// `vendor-apis list [--port N]`: each vendor with its operation count, auth, default base URL
// and the port `vendor-apis mock` gives it (with --port N, as `mock --port N` would). Needs no
// tool dependency: it works in a client-only install.
import { parseCommandLine } from '../cli-args.js';
import { portOf } from '../mock/options.js';
import { listVendors, UsageError } from '../../spec/project.js';
import { summarizeVendor, textTable } from '../../spec/vendor-summary.js';

const FLAGS = { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export async function listCommand(argv: string[], program: string): Promise<void> {
  const usage = `Usage: ${program} [--port N]`;
  const { values, positionals } = parseCommandLine(argv, FLAGS, usage);
  if (values.help) return void console.log(usage);
  if (positionals.length) throw new UsageError(`${program} takes no vendor names (got ${positionals.join(' ')}). ${usage}`, 2);
  const port = values.port === undefined ? undefined : Number(values.port);
  const vendors = listVendors();
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port + vendors.length - 1 > 65535)) throw new UsageError(`--port takes a port number, got "${values.port}". ${usage}`, 2);
  const rows = vendors.map((vendor) => {
    const s = summarizeVendor(vendor);
    const mockPort = portOf({ vendors, ...(port !== undefined ? { port } : {}) }, vendor);
    return [vendor.name, `${s.operations}${s.webhooks ? ` + ${s.webhooks} webhook${s.webhooks > 1 ? 's' : ''}` : ''}`, s.auth.replace(/`/g, ''), s.baseUrl, String(mockPort)];
  });
  console.log(textTable(['vendor', 'operations', 'auth', 'default base URL', 'mock port'], rows));
}
