// The one client factory behind every vendor's generated `create<Vendor>Client`: an
// openapi-fetch client with the vendor's base URL and credentials applied. Vendor
// knowledge arrives as a descriptor generated from the spec (generated/<vendor>/index.ts).
import createClient, { type Client } from 'openapi-fetch';
import { credentialHeaders, type CredentialScheme } from './auth.js';

/** What the generator reads from one vendor's spec. */
export interface VendorDescriptor {
  /** redocly.yaml `apis` key, e.g. "falkor". */
  readonly vendor: string;
  /** Name of the public factory, used in error messages. */
  readonly factory: string;
  /** The spec's first server with its variables at their defaults; undefined when there is none. */
  readonly defaultBaseUrl?: string;
  readonly auth: CredentialScheme;
}

/** Options every vendor client takes besides its credentials. */
export interface ClientOptionsBase {
  /** Base URL including any version prefix. Defaults to the spec's first server. */
  baseUrl?: string;
  /** A fetch implementation (for tests, proxies, instrumentation). Defaults to globalThis.fetch. */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

export type VendorClient<Paths extends {}> = Client<Paths, `${string}/${string}`>;

export function createVendorClient<Paths extends {}>(
  descriptor: VendorDescriptor,
  options: ClientOptionsBase & Record<string, unknown>,
): VendorClient<Paths> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${descriptor.factory}: pass an options object, for example ${descriptor.factory}({ ${descriptor.auth.options.join(': ..., ')}: ... }).`);
  }
  const baseUrl = resolveBaseUrl(descriptor, options.baseUrl);
  const auth = credentialHeaders(descriptor.auth, options, descriptor.factory);
  return createClient<Paths, `${string}/${string}`>({
    baseUrl,
    fetch: options.fetch,
    headers: { ...options.headers, ...auth },
  });
}

function resolveBaseUrl(descriptor: VendorDescriptor, baseUrl: unknown): string {
  const value = baseUrl ?? descriptor.defaultBaseUrl;
  if (value === undefined) {
    throw new TypeError(`${descriptor.factory}: option "baseUrl" is required: the ${descriptor.vendor} spec has no default server.`);
  }
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new TypeError(
      `${descriptor.factory}: option "baseUrl" must be an absolute http(s) URL such as "${descriptor.defaultBaseUrl ?? 'https://api.example.com'}".`,
    );
  }
  return value.replace(/\/+$/, '');
}
