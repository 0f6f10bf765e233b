// The client runtime shared by every vendor: retries, timeouts and throwOnError, driven
// through the first vendor's generated client against local servers (no vendor named here).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, TimeoutError } from '../../src/client/errors.js';
import { retryAfter } from '../../src/client/transport.js';
import { listOperations, loadBundle } from '../../src/spec/openapi.js';
import { listVendors } from '../../src/spec/project.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { sampleParams } from '../../src/spec/samples.js';
import { testCredentials } from '../lib/vendor-under-test.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;
let server: Server;
let baseUrl = '';
let handler: Handler = (_req, res) => res.end('{}');
let attempts = 0;
const SECRET = 'c2VjcmV0OnNlY3JldA'; // a Basic-decodable value, so it is also a valid token

beforeAll(async () => {
  server = createServer((req, res) => {
    attempts++;
    handler(req, res, attempts);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  attempts = 0;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const vendor = listVendors()[0]!;
const doc = loadBundle(vendor.bundlePath);
const getOp = listOperations(doc).find((op) => op.method === 'get')!;
const postOp = listOperations(doc).find((op) => op.method === 'post');

async function client(options: Record<string, unknown> = {}) {
  const { descriptor, create } = await loadGeneratedClient(vendor);
  const credentials = Object.fromEntries(descriptor.auth.options.map((o) => [o, SECRET]));
  return create({ ...credentials, baseUrl, ...options }) as any;
}
const get = (c: any) => c.GET(getOp.key, { params: sampleParams(doc, getOp) });
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

describe('retries', () => {
  it('retry a GET on 503 and 429 (default 2 retries) and return the success', async () => {
    handler = (_req, res, n) => (n === 1 ? json(res, 503, {}) : n === 2 ? json(res, 429, {}) : json(res, 200, { ok: true }));
    const { data, response } = await get(await client({ retry: { minDelayMs: 1 } }));
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(attempts).toBe(3);
  });

  it('give up after the retries and return the last response', async () => {
    handler = (_req, res) => json(res, 502, { message: 'bad gateway' });
    const { response } = await get(await client({ retry: { retries: 2, minDelayMs: 1 } }));
    expect(response.status).toBe(502);
    expect(attempts).toBe(3);
  });

  it('do not retry a status outside 429/502/503/504', async () => {
    handler = (_req, res) => json(res, 500, {});
    await get(await client({ retry: { minDelayMs: 1 } }));
    expect(attempts).toBe(1);
  });

  it.skipIf(!postOp)('never retry a POST', async () => {
    handler = (_req, res) => json(res, 503, {});
    const c = await client({ retry: { minDelayMs: 1 } });
    await c.POST(postOp!.key, { params: sampleParams(doc, postOp!), body: {} });
    expect(attempts).toBe(1);
  });

  it('retry a network error', async () => {
    let calls = 0;
    const flaky = async (request: Request) => {
      calls++;
      if (calls < 3) throw new TypeError('fetch failed');
      return fetch(request);
    };
    handler = (_req, res) => json(res, 200, { ok: true });
    const { response } = await get(await client({ fetch: flaky, retry: { minDelayMs: 1 } }));
    expect(response.status).toBe(200);
    expect(calls).toBe(3);
  });

  it('wait exponentially with jitter between attempts (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1); // the top of the jitter range
    const fetched: number[] = [];
    const stub = async () => {
      fetched.push(Date.now());
      return new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } });
    };
    const pending = get(await client({ fetch: stub, retry: { retries: 2, minDelayMs: 100 }, timeoutMs: 0 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetched).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(fetched).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 100 ms = minDelay · 2^0
    expect(fetched).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(fetched).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // 200 ms = minDelay · 2^1
    expect(fetched).toHaveLength(3);
    expect((await pending).response.status).toBe(503);
  });

  it('honour Retry-After in seconds (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let calls = 0;
    const stub = async () =>
      ++calls === 1 ? new Response('{}', { status: 429, headers: { 'retry-after': '3' } }) : new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    const pending = get(await client({ fetch: stub, retry: { minDelayMs: 1 }, timeoutMs: 0 }));
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    expect((await pending).response.status).toBe(200);
  });

  it('read Retry-After as an HTTP date, and cap it', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(retryAfter('Mon, 23 Nov 2026 10:00:05 GMT', 60_000, now)).toBe(5000);
    expect(retryAfter('120', 30_000, now)).toBe(30_000);
    expect(retryAfter('soon', 30_000, now)).toBeUndefined();
    expect(retryAfter(null, 30_000, now)).toBeUndefined();
  });
});

describe('timeouts', () => {
  it('throw TimeoutError when the server does not answer in timeoutMs', async () => {
    handler = () => undefined; // never answers
    const c = await client({ timeoutMs: 50, retry: false });
    const error = await get(c).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect(String((error as Error).message)).not.toContain(SECRET);
  });

  it("the caller's own AbortSignal still aborts (not a TimeoutError, not retried)", async () => {
    handler = () => undefined; // never answers
    const c = await client({ timeoutMs: 5_000, retry: { retries: 2, minDelayMs: 1 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 30);
    const error = await c.GET(getOp.key, { params: sampleParams(doc, getOp), signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(String((error as Error).message)).toContain('user cancelled');
    expect(attempts).toBe(1);
  });
});

describe('throwOnError', () => {
  it('return { error } by default', async () => {
    handler = (_req, res) => json(res, 404, { detail: 'Not found.' });
    const { error, response } = await get(await client({ retry: false }));
    expect(response.status).toBe(404);
    expect(error).toEqual({ detail: 'Not found.' });
  });

  it('throw ApiError with status, operation, typed body, headers and the vendor text, without credentials', async () => {
    handler = (_req, res) => json(res, 403, { detail: 'Authorization Failed. No such user' }, { 'x-request-id': 'r-1' });
    const error = await get(await client({ throwOnError: true, retry: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(403);
    expect(apiError.operation).toEqual({ method: 'GET', path: getOp.key });
    expect(apiError.body).toEqual({ detail: 'Authorization Failed. No such user' });
    expect(apiError.headers.get('x-request-id')).toBe('r-1');
    expect(apiError.message).toContain('Authorization Failed. No such user');
    expect(apiError.message).toContain(`GET ${getOp.key}`);
    expect(`${apiError.message} ${apiError.stack}`).not.toContain(SECRET);
    // The vendor's generated guard narrows it (and only it) to the vendor's typed ApiError.
    const mod = (await import(pathToFileURL(path.join(vendor.generatedDir, 'index.ts')).href)) as Record<string, unknown>;
    const guard = Object.entries(mod).find(([key]) => /^is[A-Z]\w*ApiError$/.test(key))?.[1] as (e: unknown) => boolean;
    expect(guard(error)).toBe(true);
    expect(guard(new Error('x'))).toBe(false);
    expect(guard(new ApiError('another-vendor', 500, { method: 'GET', path: '/' }, undefined, new Headers()))).toBe(false);
  });
});
