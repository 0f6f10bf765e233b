// The options `npm run mock` and `npm start` share: which vendors, where to listen, static or
// dynamic data, and logging. Parsed with node:util parseArgs; mistakes get one usage line.
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { HOST, mockPort } from '../ports.js';
import { listenHost } from '../network.js';
import { listVendors, UsageError, type Vendor } from '../../spec/project.js';

export interface MockOptions {
  vendors: Vendor[];
  /**
   * `--port N`: the first vendor named listens on N, the others on N+1, N+2… in the order
   * named. Without it each vendor has its fixed port (4010 + its redocly.yaml position).
   */
  port?: number;
  host: string;
  dynamic: boolean;
  seed?: string;
  quiet: boolean;
  /** The stateful mock (src/tools/stateful/): what a client creates is remembered. */
  stateful?: boolean;
  /** With stateful: print the resource model and exit. */
  explain?: boolean;
  /** With stateful (one vendor): start items from a YAML or JSON file. */
  seedData?: string;
  /** With stateful: receivers of every webhook event. */
  webhookUrls?: string[];
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  dynamic: { type: 'boolean' },
  seed: { type: 'string' },
  quiet: { type: 'boolean' },
  stateful: { type: 'boolean' },
  explain: { type: 'boolean' },
  'seed-data': { type: 'string' },
  'webhook-url': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export function mockUsage(command: string): string {
  return `Usage: ${command} [vendor…] [--port N] [--host H] [--dynamic] [--seed N] [--quiet] [--stateful [--explain] [--seed-data FILE] [--webhook-url URL…]]  (vendors: ${listVendors()
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
  const port = values.port === undefined ? undefined : Number(values.port);
  const count = dedupe(vendors).length;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port + count - 1 > 65535)) {
    throw new UsageError(`--port takes a port number from 1 to ${65536 - count} (0: any free port), got "${values.port}". ${usage}`, 2);
  }
  if (values.seed !== undefined && !values.dynamic) throw new UsageError(`--seed only applies with --dynamic. ${usage}`, 2);
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed takes an integer, got "${values.seed}". ${usage}`, 2);
  const stateful = statefulOptions(values, dedupe(vendors).length, usage);
  return {
    ...stateful,
    vendors: dedupe(vendors),
    ...(port !== undefined ? { port } : {}),
    host: listenHost(values.host, HOST),
    dynamic: values.dynamic ?? false,
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

/** The stateful mock's options; a stateful-only option without --stateful is a usage error. */
function statefulOptions(
  values: { stateful?: boolean; explain?: boolean; dynamic?: boolean; 'seed-data'?: string; 'webhook-url'?: string[] },
  vendorCount: number,
  usage: string,
): Pick<MockOptions, 'stateful' | 'explain' | 'seedData' | 'webhookUrls'> {
  for (const [flag, given] of [['--explain', values.explain], ['--seed-data', values['seed-data']], ['--webhook-url', values['webhook-url']]] as const) {
    if (given !== undefined && !values.stateful) throw new UsageError(`${flag} only applies with --stateful. ${usage}`, 2);
  }
  if (!values.stateful) return {};
  if (values.dynamic) throw new UsageError(`--stateful and --dynamic do not combine: the stateful mock answers what was created, Prism's dynamic mode invents data. ${usage}`, 2);
  if (values['seed-data'] !== undefined && vendorCount !== 1) throw new UsageError(`--seed-data holds one vendor's items: name exactly one vendor. ${usage}`, 2);
  for (const url of values['webhook-url'] ?? []) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`--webhook-url takes an absolute http(s) URL, got "${url}". ${usage}`, 2);
  }
  return {
    stateful: true,
    ...(values.explain ? { explain: true } : {}),
    ...(values['seed-data'] !== undefined ? { seedData: values['seed-data'] } : {}),
    ...(values['webhook-url'] ? { webhookUrls: values['webhook-url'] } : {}),
  };
}

/** With --port, the vendor's place among those named, from --port; else its fixed port. */
export function portOf(options: Pick<MockOptions, 'port' | 'vendors'>, vendor: Vendor): number {
  if (options.port === undefined) return mockPort(listVendors().findIndex((v) => v.name === vendor.name));
  if (options.port === 0) return 0; // each mock on any free port
  return options.port + options.vendors.findIndex((v) => v.name === vendor.name);
}


function dedupe(vendors: Vendor[]): Vendor[] {
  return vendors.filter((v, i) => vendors.findIndex((w) => w.name === v.name) === i);
}
