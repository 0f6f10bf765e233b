// The fetch every client sends through: a per-attempt deadline that covers the whole answer
// (redirects, headers, body), redirects followed only on the base URL's origin, and retries
// with exponential backoff, jitter and Retry-After, for idempotent methods only.
import { NetworkError, RedirectError, TimeoutError, type OperationRef } from './errors.js';

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
  /** Per attempt, until the body is read; default 30,000. `0` turns the timeout off. */
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
        response = await sendWithDeadline(options, last || request.body === null ? request : request.clone(), timeoutMs);
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

/** Redirects followed on the same origin before the client gives up. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One attempt under one deadline that covers the whole answer: redirects, headers and the body.
 * The deadline is a race, not only an abort: an abort can be lost on its way to a user's fetch
 * (undici links a derived Request's signal to its source only weakly, so a collected
 * intermediate Request drops it), and a race cannot. The caller's own signal races the same way.
 */
async function sendWithDeadline(options: TransportOptions, request: Request, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, reject) => (fail = reject));
  failed.catch(() => undefined);
  let finished = false;
  const callerSignal = request.signal;
  const finish = () => {
    finished = true;
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', callerAbort);
  };
  const stop = (error: unknown) => {
    if (finished) return;
    finish();
    controller.abort(error);
    fail(error);
  };
  const timer = timeoutMs ? setTimeout(() => stop(new TimeoutError(options.vendor, operationOf(request), timeoutMs)), timeoutMs) : undefined;
  const callerAbort = () => stop(callerSignal.reason);
  if (callerSignal.aborted) callerAbort();
  else callerSignal.addEventListener('abort', callerAbort, { once: true });
  try {
    const response = await Promise.race([followSameOrigin(options, request, controller.signal), failed]);
    if (finished || !response.body || !timer) {
      finish();
      return response;
    }
    return withBodyDeadline(response, failed, finish);
  } catch (error) {
    finish();
    throw error;
  }
}

/**
 * Sends with `redirect: 'manual'` and follows redirects only on the request's own origin. A
 * redirect to another origin is refused with a RedirectError: fetch drops only
 * `Authorization` across origins, never a custom credential header (`X-API-KEY`), so
 * following it would hand the credentials to that host.
 */
async function followSameOrigin(options: TransportOptions, first: Request, signal: AbortSignal): Promise<Response> {
  const origin = new URL(first.url).origin;
  let request = first;
  for (let hop = 0; ; hop++) {
    // A 307/308 sends the body again: keep a copy (bodiless requests are reusable).
    const replay = request.body === null ? request : request.clone();
    const init: RequestInit = { signal, redirect: 'manual' };
    const pending = options.fetch ? options.fetch(new Request(request, init)) : globalThis.fetch(request, init);
    pending.catch(() => undefined); // a deadline may win the race; the abort then rejects this
    const response = await pending;
    if (response.type === 'opaqueredirect') {
      throw new RedirectError(options.vendor, operationOf(first), origin, undefined, 'the runtime hides where it leads (browser fetch)');
    }
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    const target = URL.canParse(location, request.url) ? new URL(location, request.url) : undefined;
    if (!target || target.origin !== origin) {
      throw new RedirectError(options.vendor, operationOf(first), origin, target?.origin ?? '(an unreadable Location)');
    }
    if (hop + 1 > MAX_REDIRECTS) throw new RedirectError(options.vendor, operationOf(first), origin, origin, `more than ${MAX_REDIRECTS} redirects`);
    // As fetch does: 303 (and 301/302 after a POST) become a bodiless GET; 307/308 repeat the request.
    const toGet = response.status === 303 ? request.method !== 'HEAD' : (response.status === 301 || response.status === 302) && request.method === 'POST';
    const headers = new Headers(replay.headers);
    if (toGet) ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'].forEach((h) => headers.delete(h));
    request = new Request(target, {
      method: toGet ? 'GET' : replay.method,
      headers,
      body: toGet || replay.body === null ? null : await replay.arrayBuffer(),
      signal: first.signal,
    });
  }
}

/** The response with its body read under the same deadline: a server that drips the body still times out. */
function withBodyDeadline(response: Response, failed: Promise<never>, finish: () => void): Response {
  const reader = response.body!.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await Promise.race([reader.read(), failed]);
        if (chunk.done) {
          finish();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (error) {
        finish();
        reader.cancel(error).catch(() => undefined);
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(wrapped, 'url', { value: response.url });
  return wrapped;
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
