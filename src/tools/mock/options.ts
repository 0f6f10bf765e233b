// The options `npm run mock` and `npm start` share: which vendors, where to listen, static or
// dynamic data, and logging. Parsed with node:util parseArgs; mistakes get one usage line.
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { FIRST_MOCK_PORT, HOST } from '../ports.js';
import { listVendors, UsageError, type Vendor } from '../../spec/project.js';

export interface MockOptions {
  vendors: Vendor[];
  /** Port of the first vendor in redocly.yaml order; the others follow it. */
  port: number;
  host: string;
  dynamic: boolean;
  seed?: string;
  quiet: boolean;
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  dynamic: { type: 'boolean' },
  seed: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function mockUsage(command: string): string {
  return `Usage: ${command} [vendor…] [--port N] [--host H] [--dynamic] [--seed N] [--quiet]  (vendors: ${listVendors()
    .map((v) => v.name)
    .join(', ')}; default all)`;
}

/** Parses argv; throws UsageError (with the usage line) for an unknown option, vendor or bad value. */
export function parseMockOptions(argv: string[], command: string, vendorsAllowed = true): MockOptions & { help: boolean } {
  const usage = mockUsage(command);
  const parsed = parseCommandLine(argv, FLAGS, usage);
  const { values, positionals } = parsed;
  if (!vendorsAllowed && positionals.length) throw new UsageError(`${command} takes no vendor names. ${usage}`, 2);
  const all = listVendors();
  const vendors = positionals.length === 0 ? all : positionals.map((name) => vendorOrUsage(name, usage, all));
  const port = values.port === undefined ? FIRST_MOCK_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port + all.length - 1 > 65535) {
    throw new UsageError(`--port takes a port number from 1 to ${65536 - all.length}, got "${values.port}". ${usage}`, 2);
  }
  if (values.seed !== undefined && !values.dynamic) throw new UsageError(`--seed only applies with --dynamic. ${usage}`, 2);
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed takes an integer, got "${values.seed}". ${usage}`, 2);
  return {
    vendors: dedupe(vendors),
    port,
    host: values.host ?? HOST,
    dynamic: values.dynamic ?? false,
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

/** Each vendor keeps its redocly.yaml position: the first listens on --port, the next on --port + 1, and so on. */
export function portOf(options: Pick<MockOptions, 'port'>, vendor: Vendor): number {
  return options.port + listVendors().findIndex((v) => v.name === vendor.name);
}


function dedupe(vendors: Vendor[]): Vendor[] {
  return vendors.filter((v, i) => vendors.findIndex((w) => w.name === v.name) === i);
}
