// Generic pagination driven by each list operation's `x-pagination` (docs/extensions.md).
// Next links are never followed as given: only their query (and the path below the server's
// prefix) is reused on the client's own base URL, and only when the link names the base URL's
// host or one of the spec's servers; any other host stops with a PaginationError. So
// credentials never leave the configured origin and never drop from https to http, and a
// mock on 127.0.0.1 can serve the vendor's documented links.
import { ApiError, PaginationError } from './errors.js';

export type PaginationSpec =
  | { style: 'next-url'; items: string; next: string }
  | { style: 'offset'; items: string; offsetParam: string; limitParam?: string }
  | { style: 'cursor'; items: string; cursorParam: string; cursorFrom: string; limitParam?: string; next?: string }
  | { style: 'page'; items: string; pageParam: string; perPageParam?: string; totalPages?: string }
  | { style: 'time'; items: string; cursorParam: string; cursorFrom: string; limitParam?: string; sortParam?: string };

export interface Page<Item> {
  items: Item[];
  /** The whole parsed body of the page. */
  body: unknown;
  response: Response;
}

/**
 * Limits of one walk. A walk also ends by itself, without an error, after a page whose next
 * cursor, next link or query repeats one already fetched, or whose items equal the previous
 * page's: a static mock (Prism serving the documented example) answers every page with the
 * same body, and a server that ignores the paging parameters would too, so without these
 * rules such a walk would never end.
 */
export interface PaginateOptions {
  /** Stop after this many items (the last page's items are cut to fit). */
  maxItems?: number;
  /** Stop after this many pages (requests). */
  maxPages?: number;
}

/** Where a walk may send requests: the client's base URL, and the spec's servers a documented next link may name. */
export interface PaginationContext {
  vendor: string;
  get: Get;
  baseUrl: string;
  /** The spec's server URLs (variables at their defaults); a next link naming one is read relative to it. */
  serverUrls: readonly string[];
}

type Query = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Init = { params?: { query?: Query; path?: Record<string, unknown> }; [key: string]: any };
type Get = (path: string, init: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export async function* pages<Item>(
  context: PaginationContext,
  spec: PaginationSpec,
  path: string,
  init: Init = {},
  options: PaginateOptions = {},
): AsyncGenerator<Page<Item>> {
  const { vendor, get } = context;
  const { maxItems, maxPages } = walkLimits(vendor, options);
  let query: Query = { ...init.params?.query };
  const seen = new Set<string>([JSON.stringify(query)]);
  let pageCount = 0;
  let itemCount = 0;
  let previousItems: string | undefined;
  while (pageCount < maxPages && itemCount < maxItems) {
    const { data, error, response } = await get(path, { ...init, params: { ...init.params, query } });
    pageCount++;
    if (!response.ok) throw new ApiError(vendor, response.status, { method: 'GET', path }, error ?? data, response.headers);
    const all = itemsOf(vendor, path, spec, data);
    const items = all.slice(0, maxItems - itemCount);
    itemCount += items.length;
    yield { items: items as Item[], body: data, response };
    const next = nextQuery(context, path, spec, query, data, all, response);
    if (!next) return;
    const key = JSON.stringify(next);
    const itemsKey = JSON.stringify(all);
    if (seen.has(key) || (all.length > 0 && itemsKey === previousItems)) return; // no progress: see PaginateOptions
    seen.add(key);
    previousItems = itemsKey;
    query = next;
  }
}

export async function* paginate<Item>(...args: Parameters<typeof pages<Item>>): AsyncGenerator<Item> {
  for await (const page of pages<Item>(...args)) yield* page.items;
}

/** The walk's limits (Infinity where none is given); a TypeError for a value that is not a positive integer. */
export function walkLimits(vendor: string, options: PaginateOptions = {}): { maxItems: number; maxPages: number } {
  if (options === null || typeof options !== 'object') throw new TypeError(`${vendor} pagination: options must be an object such as { maxPages: 10 }.`);
  return { maxItems: limit(vendor, 'maxItems', options.maxItems), maxPages: limit(vendor, 'maxPages', options.maxPages) };
}

function limit(vendor: string, name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`${vendor} pagination: option "${name}" must be a positive integer (leave it out for no limit), got ${String(value)}.`);
  }
  return value;
}

function itemsOf(vendor: string, path: string, spec: PaginationSpec, body: unknown): unknown[] {
  const items = spec.items === '.' ? body : dig(body, spec.items);
  if (!Array.isArray(items)) {
    throw new PaginationError(`${vendor} GET ${path}: expected an array at "${spec.items}" of the response body (x-pagination.items).`, 'no-items');
  }
  return items;
}

function nextQuery(
  context: PaginationContext,
  path: string,
  spec: PaginationSpec,
  query: Query,
  body: unknown,
  items: unknown[],
  response: Response,
): Query | undefined {
  switch (spec.style) {
    case 'next-url': {
      const link = dig(body, spec.next);
      return typeof link === 'string' && link ? queryOfLink(context, path, link, response) : undefined;
    }
    case 'cursor': {
      if (spec.next !== undefined) {
        const link = dig(body, spec.next);
        if (typeof link === 'string' && link) return queryOfLink(context, path, link, response);
        if (link !== undefined) return undefined; // null, false or '': the last page
      }
      return afterLastItem(spec, query, items);
    }
    case 'time':
      return afterLastItem(spec, query, items);
    case 'offset': {
      if (items.length === 0 || isShortPage(query, spec.limitParam, items)) return undefined;
      return { ...query, [spec.offsetParam]: Number(query[spec.offsetParam] ?? 0) + items.length };
    }
    case 'page': {
      const current = Number(query[spec.pageParam] ?? 1);
      const total = spec.totalPages === undefined ? undefined : Number(dig(body, spec.totalPages));
      if (items.length === 0 || (total !== undefined && Number.isFinite(total) && current >= total)) return undefined;
      if (total === undefined && isShortPage(query, spec.perPageParam, items)) return undefined;
      return { ...query, [spec.pageParam]: current + 1 };
    }
  }
}

function afterLastItem(spec: { cursorParam: string; cursorFrom: string; limitParam?: string }, query: Query, items: unknown[]): Query | undefined {
  if (items.length === 0 || isShortPage(query, spec.limitParam, items)) return undefined;
  const cursor = dig(items[items.length - 1], spec.cursorFrom);
  if (cursor === undefined || cursor === null) return undefined;
  return { ...query, [spec.cursorParam]: cursor };
}

function isShortPage(query: Query, limitParam: string | undefined, items: unknown[]): boolean {
  const limit = limitParam === undefined ? NaN : Number(query[limitParam]);
  return Number.isFinite(limit) && items.length < limit;
}

/**
 * The query of a documented next link, to be sent to the client's own base URL. The link must
 * name the base URL's host or a spec server's host (any scheme: vendors document http:// links
 * for https APIs), and below that origin's path prefix the same path as the page it came from.
 */
function queryOfLink(context: PaginationContext, path: string, link: string, response: Response): Query {
  const { vendor, baseUrl, serverUrls } = context;
  const url = new URL(link, baseUrl);
  const origins = [baseUrl, ...serverUrls].map((u) => new URL(u)).filter((u) => u.hostname === url.hostname);
  if (origins.length === 0) {
    throw new PaginationError(`${vendor} GET ${path}: the next link points to another host (${url.hostname}); not following it.`, 'foreign-host');
  }
  const currentPath = response.url ? below(new URL(baseUrl).pathname, new URL(response.url).pathname) : undefined;
  const linkPaths = origins.map((origin) => below(origin.pathname, url.pathname));
  if (currentPath !== undefined && !linkPaths.includes(currentPath)) {
    throw new PaginationError(`${vendor} GET ${path}: the next link points to another path (${url.pathname}); not following it.`, 'foreign-path');
  }
  const query: Query = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
}

/** `pathname` relative to the `prefix` path of an origin (`/v1/groups` below `/v1` is `/groups`); undefined when outside it. */
function below(prefix: string, pathname: string): string | undefined {
  const base = prefix.replace(/\/+$/, '');
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return undefined;
  return pathname.slice(base.length) || '/';
}

function dig(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
