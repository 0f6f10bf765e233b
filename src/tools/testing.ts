// `vendor-apis/testing`: helpers for a user's own test suite (vitest, jest, node:test).
// startMock runs a vendor's Prism mock in this process (the first in a process about 1.4 s,
// loading Prism; later ones for the same vendor about 10 ms: benchmarks §10); sendWebhook
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
}

export interface RunningMock {
  /** Use as the client's baseUrl, e.g. http://127.0.0.1:53211 (paths without the server prefix). */
  url: string;
  close(): Promise<void>;
}

/** Starts a vendor's Prism mock, serving its documented examples (or dynamic data). */
export async function startMock(vendor: string, options: StartMockOptions = {}): Promise<RunningMock> {
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

/** POSTs the spec's documented payload of a webhook event (its first example, or `example`) as JSON to `url`. */
export async function sendWebhook(vendor: string, event: string, url: string, options: { example?: string } = {}): Promise<WebhookDelivery> {
  const { sendWebhook: send } = await import('./webhook/send.js');
  return send(findVendor(vendor), event, url, options);
}
