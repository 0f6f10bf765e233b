// `vendor-apis/testing`: helpers for a user's own test suite (vitest, jest, node:test).
// startMock runs a vendor's Prism mock in this process (the first in a process about 1.4 s,
// loading Prism; later ones for the same vendor about 10 ms: benchmarks §11); sendWebhook
// POSTs a documented webhook payload to a receiver. Both need the tool dependencies
// (optional peers: Prism and yaml), loaded only when called.
import { findVendor } from './cli-args.js';
import type { MockServer } from './mock/prism.js';

export interface StartMockOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Prism's dynamic mode: data generated from the schemas instead of the documented examples. */
  dynamic?: boolean;
  /** With `dynamic`: the same seed gives the same data. */
  seed?: number | string;
  /**
   * The stateful mock: creates, updates and deletes are remembered (resources derived from the
   * spec; `vendor-apis mock <vendor> --stateful --explain` prints them). Not with `dynamic`.
   */
  stateful?: boolean;
  /** With `stateful`: a YAML or JSON file of start items per collection path. */
  seedData?: string;
  /** With `stateful`: receivers of every documented webhook event. */
  webhookUrl?: string | string[];
  /** With `stateful`: items a resource may hold (default 10,000; a create beyond answers 507). */
  maxItems?: number;
}

export interface RunningMock {
  /** Use as the client's baseUrl, e.g. http://127.0.0.1:53211 (paths without the server prefix). */
  url: string;
  close(): Promise<void>;
}

export interface StatefulMock extends RunningMock {
  /** Back to the start state (documented examples, seed data); the same as `POST <url>/__mock/reset`. */
  reset(): void;
  /** Delivers a documented webhook event to every subscriber (`data` is merged over the built payload). */
  trigger(event: string, data?: unknown): Promise<Array<{ event: string; url: string; status?: number; ok: boolean; error?: string; body: unknown }>>;
}

/** Starts a vendor's Prism mock, serving its documented examples (or dynamic data, or, with `stateful`, what you create). */
export async function startMock(vendor: string, options: StartMockOptions & { stateful: true }): Promise<StatefulMock>;
export async function startMock(vendor: string, options?: StartMockOptions): Promise<RunningMock>;
export async function startMock(vendor: string, options: StartMockOptions = {}): Promise<RunningMock | StatefulMock> {
  if (options.stateful) {
    if (options.dynamic || options.seed !== undefined) throw new TypeError('startMock: `stateful` does not combine with `dynamic` or `seed` (use `seedData` for start items).');
    const { startStatefulMock } = await import('./stateful/server.js');
    const urls = options.webhookUrl === undefined ? [] : Array.isArray(options.webhookUrl) ? options.webhookUrl : [options.webhookUrl];
    const mock = await startStatefulMock(findVendor(vendor), {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      ...(options.seedData !== undefined ? { seedData: options.seedData } : {}),
      ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}),
      webhookUrls: urls,
    });
    return { url: mock.url, close: mock.close, reset: mock.reset, trigger: mock.trigger };
  }
  const { startMock: start } = await import('./mock/prism.js');
  const server: MockServer = await start(findVendor(vendor).bundlePath, {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    dynamic: options.dynamic ?? false,
    ...(options.seed !== undefined ? { seed: String(options.seed) } : {}),
  });
  return { url: server.url, close: server.close };
}

export interface WebhookDelivery {
  /** The receiver's HTTP status. */
  status: number;
  /** The receiver's response body. */
  body: string;
  /** The name of the documented example that was sent. */
  example: string;
}

/**
 * POSTs the spec's documented payload of a webhook event (its first example, or `example`) as
 * JSON to `url`, within `timeoutMs` (default 10,000), not following redirects; a delivery that
 * gets no answer in time or a redirect rejects with a one-line error.
 */
export async function sendWebhook(vendor: string, event: string, url: string, options: { example?: string; timeoutMs?: number } = {}): Promise<WebhookDelivery> {
  const { sendWebhook: send } = await import('./webhook/send.js');
  return send(findVendor(vendor), event, url, options);
}
