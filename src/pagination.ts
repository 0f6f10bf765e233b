// Generic pagination driven by each list operation's `x-pagination` (docs/extensions.md).
// Next links are never followed as given: only their query is reused, on the client's own
// base URL, and a link to another host or path stops with a PaginationError. So credentials
// never leave the configured origin and never drop from https to http.
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

type Query = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Init = { params?: { query?: Query; path?: Record<string, unknown> }; [key: string]: any };
type Get = (path: string, init: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export async function* pages<Item>(
  vendor: string,
  get: Get,
  baseUrl: string,
  spec: PaginationSpec,
  path: string,
  init: Init = {},
): AsyncGenerator<Page<Item>> {
  let query: Query = { ...init.params?.query };
  const seen = new Set<string>();
  for (;;) {
    const key = JSON.stringify(query);
    if (seen.has(key)) throw new PaginationError(`${vendor} GET ${path}: the next page asks for the same query again (${key}); stopping.`);
    seen.add(key);
    const { data, error, response } = await get(path, { ...init, params: { ...init.params, query } });
    if (!response.ok) throw new ApiError(vendor, response.status, { method: 'GET', path }, error ?? data, response.headers);
    const items = itemsOf(vendor, path, spec, data);
    yield { items: items as Item[], body: data, response };
    const next = nextQuery(vendor, path, spec, query, data, items, baseUrl, response);
    if (!next) return;
    query = next;
  }
}

export async function* paginate<Item>(...args: Parameters<typeof pages<Item>>): AsyncGenerator<Item> {
  for await (const page of pages<Item>(...args)) yield* page.items;
}

function itemsOf(vendor: string, path: string, spec: PaginationSpec, body: unknown): unknown[] {
  const items = spec.items === '.' ? body : dig(body, spec.items);
  if (!Array.isArray(items)) {
    throw new PaginationError(`${vendor} GET ${path}: expected an array at "${spec.items}" of the response body (x-pagination.items).`);
  }
  return items;
}

function nextQuery(
  vendor: string,
  path: string,
  spec: PaginationSpec,
  query: Query,
  body: unknown,
  items: unknown[],
  baseUrl: string,
  response: Response,
): Query | undefined {
  switch (spec.style) {
    case 'next-url': {
      const link = dig(body, spec.next);
      return typeof link === 'string' && link ? queryOfLink(vendor, path, link, baseUrl, response) : undefined;
    }
    case 'cursor': {
      if (spec.next !== undefined) {
        const link = dig(body, spec.next);
        if (typeof link === 'string' && link) return queryOfLink(vendor, path, link, baseUrl, response);
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
 * name the same host (any scheme: vendors document http:// links for https APIs) and the same
 * path as the page it came from.
 */
function queryOfLink(vendor: string, path: string, link: string, baseUrl: string, response: Response): Query {
  const base = new URL(baseUrl);
  const url = new URL(link, baseUrl);
  if (url.hostname !== base.hostname) {
    throw new PaginationError(`${vendor} GET ${path}: the next link points to another host (${url.hostname}); not following it.`);
  }
  const currentPath = response.url ? new URL(response.url).pathname : undefined;
  if (currentPath !== undefined && url.pathname !== currentPath) {
    throw new PaginationError(`${vendor} GET ${path}: the next link points to another path (${url.pathname}); not following it.`);
  }
  const query: Query = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  return query;
}

function dig(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
