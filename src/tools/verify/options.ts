// `npm run verify -- <vendor> --base-url <url> [...]`: parsed with node:util parseArgs.
// Every mistake is a UsageError with exit code 2 and one line that says what to do.
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { listVendors, UsageError, type Vendor } from '../../spec/project.js';
import { checkRemoteUrl } from '../network.js';

export interface VerifyOptions {
  vendor: Vendor;
  baseUrl: string;
  includeWrites: string[];
  fixtures?: string;
  report?: string;
  /** Requests per second, at most. */
  rate: number;
  record?: string;
  /** Deadline of each request, body included, in ms (default 30,000). */
  timeoutMs?: number;
  /** Exit 0 even when nothing could be checked (the behaviour before 1.0). */
  allowUnavailable?: boolean;
}

/** Default deadline of each request verify sends. */
export const VERIFY_TIMEOUT_MS = 30_000;

const FLAGS = {
  'base-url': { type: 'string' },
  'include-writes': { type: 'string' },
  fixtures: { type: 'string' },
  report: { type: 'string' },
  rate: { type: 'string' },
  record: { type: 'string' },
  timeout: { type: 'string' },
  'allow-unavailable': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const verifyUsage = (program: string) =>
  `Usage: ${program} <vendor> --base-url <url> [--include-writes <operationId,…>] [--fixtures <file.yaml>] [--report <dir>] [--rate <req/s>] [--record <dir>] [--timeout <ms>] [--allow-unavailable]`;

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
  const timeoutMs = values.timeout === undefined ? VERIFY_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw usage(`--timeout takes milliseconds (a positive integer), got "${values.timeout}".`);
  const includeWrites = (values['include-writes'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    vendor,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    includeWrites,
    rate,
    timeoutMs,
    ...(values['allow-unavailable'] ? { allowUnavailable: true } : {}),
    ...(values.fixtures ? { fixtures: values.fixtures } : {}),
    ...(values.report ? { report: values.report } : {}),
    ...(values.record ? { record: values.record } : {}),
  };
}

/** Credentials never travel in clear: plain http only to this machine. */
export function checkBaseUrl(baseUrl: string, usage = (message: string) => new UsageError(message, 2)): void {
  checkRemoteUrl(baseUrl, '--base-url', usage);
}
