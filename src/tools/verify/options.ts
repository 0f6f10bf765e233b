// `npm run verify -- <vendor> --base-url <url> [...]`: parsed with node:util parseArgs.
// Every mistake is a UsageError with exit code 2 and one line that says what to do.
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { listVendors, UsageError, type Vendor } from '../../spec/project.js';

export interface VerifyOptions {
  vendor: Vendor;
  baseUrl: string;
  includeWrites: string[];
  fixtures?: string;
  report?: string;
  /** Requests per second, at most. */
  rate: number;
  record?: string;
}

const FLAGS = {
  'base-url': { type: 'string' },
  'include-writes': { type: 'string' },
  fixtures: { type: 'string' },
  report: { type: 'string' },
  rate: { type: 'string' },
  record: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const verifyUsage = (program: string) =>
  `Usage: ${program} <vendor> --base-url <url> [--include-writes <operationId,…>] [--fixtures <file.yaml>] [--report <dir>] [--rate <req/s>] [--record <dir>]`;

export function parseVerifyOptions(argv: string[], program = 'vendor-apis verify'): VerifyOptions | 'help' {
  /** One line that says what to do; `--help` prints the whole usage. */
  const usage = (message: string) => new UsageError(`${message} (${program} --help)`, 2);
  const parsed = parseCommandLine(argv, FLAGS, `(${program} --help)`);
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const all = listVendors();
  if (positionals.length !== 1) throw usage(`Name one vendor (${all.map((v) => v.name).join(', ')}).`);
  const vendor = vendorOrUsage(positionals[0]!, `(${program} --help)`, all);
  const baseUrl = values['base-url'];
  if (!baseUrl) throw usage('--base-url is required: the API to check, including any version prefix.');
  checkBaseUrl(baseUrl, usage);
  const rate = values.rate === undefined ? 2 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) throw usage(`--rate takes requests per second (a positive number), got "${values.rate}".`);
  const includeWrites = (values['include-writes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    vendor,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    includeWrites,
    rate,
    ...(values.fixtures ? { fixtures: values.fixtures } : {}),
    ...(values.report ? { report: values.report } : {}),
    ...(values.record ? { record: values.record } : {}),
  };
}

/** Credentials never travel in clear: plain http only to this machine. */
export function checkBaseUrl(baseUrl: string, usage = (message: string) => new UsageError(message, 2)): void {
  if (!URL.canParse(baseUrl)) throw usage(`--base-url "${baseUrl}" is not an absolute URL.`);
  const url = new URL(baseUrl);
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') throw usage(`--base-url must be https:// (or http:// on this machine), got ${url.protocol}.`);
  if (!isLoopback(url.hostname)) {
    throw usage(`Refusing http://${url.host}: credentials would travel in clear. Use https://, or http:// only for 127.0.0.1, ::1 or localhost.`);
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
