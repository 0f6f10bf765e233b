// The options `npm run mock` and `npm start` share: which vendors, where to listen, static or
// dynamic data, and logging. Parsed with node:util parseArgs; mistakes get one usage line.
import { parseArgs } from 'node:util';
import { FIRST_MOCK_PORT, HOST } from './ports.js';
import { listVendors, UsageError, type Vendor } from './project.js';

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
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /Unknown option '(--?[\w-]+)'/.exec((error as Error).message)?.[1];
    const hint = unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(FLAGS)) : undefined;
    throw new UsageError(`${unknown ? `Unknown option ${unknown}` : (error as Error).message.split('.')[0]}${hint ? ` (did you mean --${hint}?)` : ''}. ${usage}`);
  }
  const { values, positionals } = parsed;
  if (!vendorsAllowed && positionals.length) throw new UsageError(`${command} takes no vendor names. ${usage}`);
  const all = listVendors();
  const vendors = positionals.length === 0 ? all : positionals.map((name) => findVendor(all, name, usage));
  const port = values.port === undefined ? FIRST_MOCK_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port + all.length - 1 > 65535) {
    throw new UsageError(`--port takes a port number from 1 to ${65536 - all.length}, got "${values.port}". ${usage}`);
  }
  if (values.seed !== undefined && !values.dynamic) throw new UsageError(`--seed only applies with --dynamic. ${usage}`);
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new UsageError(`--seed takes an integer, got "${values.seed}". ${usage}`);
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

function findVendor(all: Vendor[], name: string, usage: string): Vendor {
  const found = all.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const hint = didYouMean(name.toLowerCase(), all.map((v) => v.name));
  throw new UsageError(`Unknown vendor "${name}"${hint ? ` (did you mean ${hint}?)` : ''}. ${usage}`);
}

function dedupe(vendors: Vendor[]): Vendor[] {
  return vendors.filter((v, i) => vendors.findIndex((w) => w.name === v.name) === i);
}

/** The closest candidate within two edits (or a third of the word's length), if any. */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) && best.distance < word.length ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
