// How Prism's proxy mode reaches the real API. Prism forwards with node-fetch's defaults:
// redirects followed (a cross-origin redirect takes every custom credential header with it,
// e.g. X-API-KEY) and no deadline (a stuck upstream stalls the caller for ever). For each
// registered upstream origin this wraps the node-fetch that Prism loads: redirects are not
// followed (the 3xx goes back to the client, whose own rule refuses another origin), and each
// upstream call, body included, has a deadline. Other callers of node-fetch are untouched.
import { createRequire } from 'node:module';

/** Default deadline of each upstream call, in ms. */
export const PROXY_TIMEOUT_MS = 30_000;

const deadlines = new Map<string, number>();
let installed = false;

/** Guards every call Prism forwards to `upstream`'s origin; call before the proxy starts. */
export function guardUpstream(upstream: string, timeoutMs = PROXY_TIMEOUT_MS): void {
  deadlines.set(new URL(upstream).origin, timeoutMs);
  if (installed) return;
  const prismHttp = createRequire(import.meta.url).resolve('@stoplight/prism-http');
  const nodeFetch = createRequire(prismHttp)('node-fetch') as { default: (url: string, init?: Record<string, unknown>) => Promise<unknown> };
  const original = nodeFetch.default;
  nodeFetch.default = (url: string, init: Record<string, unknown> = {}) => {
    const deadline = URL.canParse(url) ? deadlines.get(new URL(url).origin) : undefined;
    // node-fetch 2's `timeout` covers the response and the reading of its body.
    return original(url, deadline === undefined ? init : { ...init, redirect: 'manual', timeout: deadline });
  };
  installed = true;
}
