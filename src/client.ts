// The one client factory behind every vendor's generated `create<Vendor>Client`: an
// openapi-fetch client with the vendor's base URL and credentials, a transport with
// timeouts and retries, optional throw-on-error, and pagination. Vendor knowledge arrives
// as a descriptor generated from the spec (generated/<vendor>/index.ts).
import createClient, { type Client, type ClientPathsWithMethod, type MaybeOptionalInit } from 'openapi-fetch';
import { credentialHeaders, type CredentialScheme } from './auth.js';
import { ApiError } from './errors.js';
import { pages, paginate, type Page, type PaginationSpec } from './pagination.js';
import { createTransport, type RetryOptions } from './transport.js';

/** What the generator reads from one vendor's spec. */
export interface VendorDescriptor {
  /** redocly.yaml `apis` key, e.g. "falkor". */
  readonly vendor: string;
  /** Name of the public factory, used in error messages. */
  readonly factory: string;
  /** The spec's first server with its variables at their defaults; absent when baseUrl is required. */
  readonly defaultBaseUrl?: string;
  readonly auth: CredentialScheme;
  /** `x-pagination` of each paginated GET operation, by path template. */
  readonly pagination: Readonly<Record<string, PaginationSpec>>;
}

/** Options every vendor client takes besides its credentials. */
export interface ClientOptionsBase {
  /** Base URL including any version prefix. Defaults to the spec's first server. */
  baseUrl?: string;
  /** A fetch implementation (for tests, proxies, instrumentation). Defaults to globalThis.fetch. */
  fetch?: (input: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Throw an `ApiError` for every non-2xx response instead of returning `{ error }`. Default false. */
  throwOnError?: boolean;
  /** Retries of GET/HEAD/PUT/DELETE on 429, 502, 503, 504 and network errors; `false` turns them off. Default: 2 retries. */
  retry?: RetryOptions | false;
  /** Per-attempt timeout in milliseconds; `0` disables it. Default 30,000. A timeout throws `TimeoutError`. */
  timeoutMs?: number;
}

type JsonOf<Op> = Op extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 | 203 | 206 ? (R[S] extends { content: { 'application/json': infer B } } ? B : never) : never }[keyof R]
  : never;
type ElementOf<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;

/** The item type of a paginated GET operation, from its `x-pagination.items`. */
export type PageItem<Paths, P extends keyof Paths, Key extends string> = Paths[P] extends { get: infer Op }
  ? Key extends '.'
    ? ElementOf<JsonOf<Op>>
    : Key extends keyof JsonOf<Op>
      ? ElementOf<JsonOf<Op>[Key]>
      : unknown
  : never;

type PaginatedPath<Paths extends {}, Pagination> = Extract<keyof Pagination, ClientPathsWithMethod<Client<Paths, `${string}/${string}`>, 'get'>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GetInit<PathInfo> = PathInfo extends { get: any } ? MaybeOptionalInit<PathInfo, 'get'> : never;
/** Like openapi-fetch: `init` may be left out when nothing in it is required. */
type InitArgs<PathInfo> = GetInit<PathInfo> extends infer I ? (undefined extends I ? [init?: I] : [init: I]) : never;
type ItemsKey<Pagination, P> = P extends keyof Pagination ? (Pagination[P] extends { items: infer K extends string } ? K : '.') : '.';

export type VendorClient<Paths extends {}, Pagination extends Readonly<Record<string, PaginationSpec>> = {}> = Client<Paths, `${string}/${string}`> & {
  /** Every item of a paginated list operation, across all its pages, following the vendor's documented scheme. */
  paginate<P extends PaginatedPath<Paths, Pagination>>(
    path: P,
    ...init: InitArgs<Paths[P]>
  ): AsyncGenerator<PageItem<Paths, P, ItemsKey<Pagination, P>>>;
  /** Every page of a paginated list operation: its items, whole body and response. */
  pages<P extends PaginatedPath<Paths, Pagination>>(
    path: P,
    ...init: InitArgs<Paths[P]>
  ): AsyncGenerator<Page<PageItem<Paths, P, ItemsKey<Pagination, P>>>>;
};

export function createVendorClient<Paths extends {}, Descriptor extends VendorDescriptor = VendorDescriptor>(
  descriptor: Descriptor,
  options: ClientOptionsBase & Record<string, unknown>,
): VendorClient<Paths, Descriptor['pagination']> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${descriptor.factory}: pass an options object, for example ${descriptor.factory}({ ${descriptor.auth.options.join(': ..., ')}: ... }).`);
  }
  const baseUrl = resolveBaseUrl(descriptor, options.baseUrl);
  const auth = credentialHeaders(descriptor.auth, options, descriptor.factory);
  const transport = createTransport({
    vendor: descriptor.vendor,
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    retry: options.retry,
    timeoutMs: options.timeoutMs,
  });
  const client = createClient<Paths, `${string}/${string}`>({ baseUrl, fetch: transport, headers: { ...options.headers, ...auth } });
  if (options.throwOnError) {
    client.use({
      async onResponse({ request, response, schemaPath }) {
        if (response.ok) return undefined;
        throw new ApiError(descriptor.vendor, response.status, { method: request.method, path: schemaPath }, await readBody(response.clone()), response.headers);
      },
    });
  }
  const specFor = (path: string): PaginationSpec => {
    const spec = descriptor.pagination[path];
    if (!spec) {
      throw new TypeError(
        `${descriptor.factory}: GET ${path} is not a paginated operation. Paginated ones: ${Object.keys(descriptor.pagination).join(', ') || 'none'}.`,
      );
    }
    return spec;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = (path: string, init: any) => (client.GET as any)(path, init);
  return Object.assign(client, {
    paginate: (path: string, init?: object) => paginate(descriptor.vendor, get, baseUrl, specFor(path), path, init),
    pages: (path: string, init?: object) => pages(descriptor.vendor, get, baseUrl, specFor(path), path, init),
  }) as unknown as VendorClient<Paths, Descriptor['pagination']>;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
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
