// The one client factory behind every vendor's generated `create<Vendor>Client`: an
// openapi-fetch client with the vendor's base URL and credentials, a transport with
// timeouts and retries, optional throw-on-error, and pagination. Vendor knowledge arrives
// as a descriptor generated from the spec (generated/<vendor>/index.ts).
import createClient, { type Client, type ClientPathsWithMethod, type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import { credentialHeaders, type CredentialScheme } from './auth.js';
import { ApiError, InvalidResponseError, NetworkError, RedirectError, TimeoutError, redactSecrets } from './errors.js';
import { pages, paginate, walkLimits, type Page, type PaginateOptions, type PaginationContext, type PaginationSpec } from './pagination.js';
import { createTransport, type RetryOptions } from './transport.js';

/** What the generator reads from one vendor's spec. */
export interface VendorDescriptor {
  /** redocly.yaml `apis` key, e.g. "falkor". */
  readonly vendor: string;
  /** Name of the public factory, used in error messages. */
  readonly factory: string;
  /** The spec's first server with its variables at their defaults; absent when baseUrl is required. */
  readonly defaultBaseUrl?: string;
  /** Every server URL of the spec that names a real host (variables at their defaults): a next link may name one. */
  readonly serverUrls?: readonly string[];
  readonly auth: CredentialScheme;
  /** `x-pagination` of each paginated GET operation, by path template. */
  readonly pagination: Readonly<Record<string, PaginationSpec>>;
  /**
   * The 2xx statuses each operation (`"DELETE /groups/{id}"`) documents without a body; any
   * other documented success has one, so with `throwOnError` an empty answer is an error.
   */
  readonly emptySuccess?: Readonly<Record<string, readonly number[]>>;
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
  /**
   * Per-attempt deadline in milliseconds, covering redirects, headers and reading the body;
   * `0` disables it. Default 30,000. A timeout throws `TimeoutError`.
   */
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
/** `init` then the walk's limits; `init` may be `undefined` when nothing in it is required. */
type PaginateArgs<PathInfo> = GetInit<PathInfo> extends infer I
  ? undefined extends I
    ? [init?: I, options?: PaginateOptions]
    : [init: I, options?: PaginateOptions]
  : never;
type ItemsKey<Pagination, P> = P extends keyof Pagination ? (Pagination[P] extends { items: infer K extends string } ? K : '.') : '.';

type PaginationMethods<Paths extends {}, Pagination> = {
  /**
   * Every item of a paginated list operation, across all its pages, following the vendor's
   * documented scheme. `options.maxItems` / `options.maxPages` bound the walk; it also ends by
   * itself when a page repeats a cursor, a next link or a query, because a static mock serves
   * the same page forever. Breaking out of `for await` sends no further request.
   */
  paginate<P extends PaginatedPath<Paths, Pagination>>(path: P, ...args: PaginateArgs<Paths[P]>): AsyncGenerator<PageItem<Paths, P, ItemsKey<Pagination, P>>>;
  /** Every page of a paginated list operation: its items, whole body and response. Same limits and ending as `paginate`. */
  pages<P extends PaginatedPath<Paths, Pagination>>(path: P, ...args: PaginateArgs<Paths[P]>): AsyncGenerator<Page<PageItem<Paths, P, ItemsKey<Pagination, P>>>>;
};

export type VendorClient<Paths extends {}, Pagination extends Readonly<Record<string, PaginationSpec>> = {}> = Client<Paths, `${string}/${string}`> &
  PaginationMethods<Paths, Pagination>;

// A client made with `throwOnError: true` never returns `{ error }`: every method resolves to
// openapi-fetch's success branch only, so `data` needs no `!`. The signatures mirror
// openapi-fetch's ClientMethod with that one change.
type Media = `${string}/${string}`;
type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
type Success<R> = Extract<R, { error?: never }>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StrictMethod<Paths extends Record<string, any>, M extends HttpMethod> = <
  P extends ClientPathsWithMethod<Client<Paths, Media>, M>,
  Init extends MaybeOptionalInit<Paths[P], M>,
>(
  url: P,
  ...init: InitParam<Init>
) => Promise<Success<FetchResponse<Paths[P][M], Init, Media>>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StrictRequestFor<Paths extends Record<string, any>, M extends HttpMethod> = <
  P extends ClientPathsWithMethod<Client<Paths, Media>, M>,
  Init extends MaybeOptionalInit<Paths[P], M>,
>(
  method: M,
  url: P,
  ...init: InitParam<Init>
) => Promise<Success<FetchResponse<Paths[P][M], Init, Media>>>;
/** One overload per method: with a generic method the success branch would not be picked out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StrictRequest<Paths extends Record<string, any>> = StrictRequestFor<Paths, 'get'> &
  StrictRequestFor<Paths, 'put'> &
  StrictRequestFor<Paths, 'post'> &
  StrictRequestFor<Paths, 'delete'> &
  StrictRequestFor<Paths, 'options'> &
  StrictRequestFor<Paths, 'head'> &
  StrictRequestFor<Paths, 'patch'> &
  StrictRequestFor<Paths, 'trace'>;

/** A vendor client created with `throwOnError: true`: non-2xx responses throw `ApiError`, so results always carry `data`. */
export type StrictVendorClient<Paths extends {}, Pagination extends Readonly<Record<string, PaginationSpec>> = {}> = Omit<
  Client<Paths, Media>,
  'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE' | 'request'
> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [M in HttpMethod as Uppercase<M>]: StrictMethod<Paths & Record<string, any>, M>;
} & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request: StrictRequest<Paths & Record<string, any>>;
} & PaginationMethods<Paths, Pagination>;

export function createVendorClient<Paths extends {}, Descriptor extends VendorDescriptor = VendorDescriptor>(
  descriptor: Descriptor,
  options: ClientOptionsBase & Record<string, unknown>,
): VendorClient<Paths, Descriptor['pagination']> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${descriptor.factory}: pass an options object, for example ${descriptor.factory}({ ${descriptor.auth.options.join(': ..., ')}: ... }).`);
  }
  const baseUrl = resolveBaseUrl(descriptor, options.baseUrl);
  const auth = credentialHeaders(descriptor.auth, options, descriptor.factory);
  // Every value that could reveal a credential: what the user passed and the headers made of it.
  const secrets = [...descriptor.auth.options.map((name) => String(options[name])), ...Object.values(auth), ...Object.values(auth).map((v) => v.replace(/^(Basic|Bearer) /, ''))];
  const redact = <E>(error: E): E => redactSecrets(error, secrets);
  const transport = createTransport({
    vendor: descriptor.vendor,
    fetch: options.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
  });
  const client = createClient<Paths, `${string}/${string}`>({ baseUrl, fetch: transport, headers: { ...options.headers, ...auth } });
  checkAnswers(client, descriptor, transport, !!options.throwOnError, redact);
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
  const context: PaginationContext = { vendor: descriptor.vendor, get, baseUrl, serverUrls: descriptor.serverUrls ?? [] };
  return Object.assign(client, {
    // The spec and the limits are checked now, so misuse throws at the call, not at the first `next()`.
    paginate: (path: string, init?: object, walk?: PaginateOptions) => (walkLimits(descriptor.vendor, walk), redacting(paginate(context, specFor(path), path, init, walk), redact)),
    pages: (path: string, init?: object, walk?: PaginateOptions) => (walkLimits(descriptor.vendor, walk), redacting(pages(context, specFor(path), path, init, walk), redact)),
  }) as unknown as VendorClient<Paths, Descriptor['pagination']>;
}

/** A walk whose errors carry no credential (a vendor may echo the key in its error text). */
async function* redacting<T>(walk: AsyncGenerator<T>, redact: (error: unknown) => unknown): AsyncGenerator<T> {
  try {
    yield* walk;
  } catch (error) {
    throw redact(error);
  }
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * Each method call restates transport errors with the operation's path template (the
 * transport only knows the URL), turns a 2xx whose JSON does not parse into an
 * InvalidResponseError naming vendor, operation and status, with `throwOnError` refuses an
 * empty answer where the spec documents a body, and scrubs credentials from every error.
 * (A `.catch` per call: an openapi-fetch middleware would cost every call more.)
 */
function checkAnswers(
  client: Client<{}, `${string}/${string}`>,
  descriptor: VendorDescriptor,
  transport: (request: Request) => Promise<Response>,
  strict: boolean,
  redact: <E>(error: E) => E,
): void {
  const call = async (method: string, path: string, send: (init: unknown) => Promise<{ data?: unknown; response: Response }>, init: unknown) => {
    let status = 0;
    // A per-call fetch (openapi-fetch's `init.fetch`) around the client's: the status of the answer it parses.
    const own = (init as { fetch?: (r: Request) => Promise<Response> } | undefined)?.fetch;
    const observe = (request: Request) => (own ?? transport)(request).then((r) => ((status = r.status), r));
    try {
      const result = await send({ ...(init as object), fetch: observe });
      if (strict && result.data === undefined && result.response.ok && method !== 'HEAD' && !descriptor.emptySuccess?.[`${method} ${path}`]?.includes(result.response.status)) {
        throw new InvalidResponseError(descriptor.vendor, { method, path }, result.response.status, 'an empty body, but the spec documents one for this answer');
      }
      return result;
    } catch (error) {
      throw redact(restated(error, descriptor.vendor, method, path, status));
    }
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const methods = client as unknown as Record<string, (...args: any[]) => Promise<any>>;
  for (const method of METHODS) {
    const original = methods[method]!;
    methods[method] = (path: string, init?: unknown) => call(method, path, (i) => original(path, i), init);
  }
  const request = methods.request!;
  methods.request = (method: string, path: string, init?: unknown) => call(method.toUpperCase(), path, (i) => request(method, path, i), init);
}

function restated(error: unknown, vendor: string, method: string, path: string, status: number): unknown {
  const operation = { method, path };
  if (error instanceof NetworkError) return new NetworkError(error.vendor, operation, error.url, { cause: error.cause });
  if (error instanceof TimeoutError) return new TimeoutError(error.vendor, operation, error.timeoutMs);
  if (error instanceof RedirectError) return new RedirectError(error.vendor, operation, error.from, error.to, error.reason);
  if (error instanceof InvalidResponseError) return new InvalidResponseError(error.vendor, operation, error.status, error.problem);
  if (error instanceof SyntaxError && status >= 200 && status < 300) return new InvalidResponseError(vendor, operation, status, `a body that is not valid JSON (${error.message})`, { cause: error });
  return error;
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
    throw new TypeError(`${descriptor.factory}: option "baseUrl" is required: the ${descriptor.vendor} doc names no real host, so pass your server's URL (including any version prefix).`);
  }
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new TypeError(
      `${descriptor.factory}: option "baseUrl" must be an absolute http(s) URL such as "${descriptor.defaultBaseUrl ?? 'https://api.example.com'}".`,
    );
  }
  const url = new URL(value);
  // A credential in the URL would ride along to every log and error: the factory takes credentials as options only.
  if (url.username || url.password || url.search || url.hash) {
    const part = url.username || url.password ? 'user name or password' : url.search ? 'query string' : 'fragment';
    throw new TypeError(
      `${descriptor.factory}: option "baseUrl" must not carry a ${part}; pass the bare URL (scheme, host, path prefix) and the credentials as the options ${descriptor.auth.options.join(', ')}.`,
    );
  }
  return value.replace(/\/+$/, '');
}
