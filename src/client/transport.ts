// The fetch every client sends through: a per-attempt timeout and retries with exponential
// backoff, jitter and Retry-After, for idempotent methods only.
import { NetworkError, TimeoutError, type OperationRef } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** Backoff before retry n is minDelayMs · 2^n, with jitter (default 500). */
  minDelayMs?: number;
  /** Upper bound of a backoff delay and of an honoured Retry-After (default 30,000). */
  maxDelayMs?: number;
  /** Statuses worth retrying (default 429, 502, 503, 504). */
  statuses?: number[];
}

export interface TransportOptions {
  vendor: string;
  /** The user's fetch (takes a Request only), or undefined for globalThis.fetch. */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** `false` turns retries off. */
  retry: RetryOptions | false | undefined;
  /** Per attempt; default 30,000. `0` turns the timeout off. */
  timeoutMs: number | undefined;
}

export const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const DEFAULTS = { retries: 2, minDelayMs: 500, maxDelayMs: 30_000, statuses: [429, 502, 503, 504] };
export const DEFAULT_TIMEOUT_MS = 30_000;

export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const retry = options.retry === false ? { ...DEFAULTS, retries: 0 } : { ...DEFAULTS, ...options.retry };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (request) => {
    const attempts = RETRYABLE_METHODS.has(request.method) ? retry.retries + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      const last = attempt + 1 >= attempts;
      let response: Response;
      try {
        // A body can be read once: keep the original for the next attempt (bodiless requests are reusable).
        response = await sendWithTimeout(options, last || request.body === null ? request : request.clone(), timeoutMs);
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        if (last) {
          const url = new URL(request.url);
          throw new NetworkError(options.vendor, operationOf(request), `${url.origin}${url.pathname}`, { cause: error });
        }
        await sleep(backoff(retry, attempt));
        continue;
      }
      if (last || !retry.statuses.includes(response.status)) return response;
      const delay = retryAfter(response.headers.get('retry-after'), retry.maxDelayMs) ?? backoff(retry, attempt);
      await response.body?.cancel().catch(() => undefined);
      await sleep(delay);
    }
  };
}

async function sendWithTimeout(options: TransportOptions, request: Request, timeoutMs: number): Promise<Response> {
  if (!timeoutMs) return options.fetch ? options.fetch(request) : globalThis.fetch(request);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // The caller's own signal still aborts (a listener: cheaper per call than AbortSignal.any).
  const callerAbort = () => controller.abort(request.signal.reason);
  if (request.signal.aborted) callerAbort();
  else request.signal.addEventListener('abort', callerAbort, { once: true });
  const signal = controller.signal;
  try {
    // globalThis.fetch takes the signal as init; a user's fetch gets it inside a new Request
    // (one Request copy less per call on the default path).
    return await (options.fetch ? options.fetch(new Request(request, { signal })) : globalThis.fetch(request, { signal }));
  } catch (error) {
    if (timedOut) throw new TimeoutError(options.vendor, operationOf(request), timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', callerAbort);
  }
}

/** fetch rejects with a TypeError when the connection fails; aborts and our own errors are not retried. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

export function backoff(retry: Required<RetryOptions>, attempt: number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After in seconds or as an HTTP date, capped at maxDelayMs; undefined when absent or unreadable. */
export function retryAfter(header: string | null, maxDelayMs: number, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), maxDelayMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Method and URL path (never the query, which may carry keys) for messages. */
function operationOf(request: Request): OperationRef {
  return { method: request.method, path: new URL(request.url).pathname };
}
