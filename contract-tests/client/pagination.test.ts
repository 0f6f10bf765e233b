// paginate()/pages() against a local server that pages the way each paginated operation's
// x-pagination says, three pages of items built from its documented 200 example. The client
// talks to https://<vendor>.api.test/<base path>; a routing fetch forwards that origin to the
// local server and records every request, so the tests can see where credentials went.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/client/errors.js';
import type { PaginationSpec } from '../../src/client/pagination.js';
import { defaultServerUrl, deref, listOperations, loadBundle, mediaExamples, type Doc } from '../../src/spec/openapi.js';
import { vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { sampleParams } from '../../src/spec/samples.js';
import { credentialHeader, testCredentials } from '../lib/vendor-under-test.js';

interface Recorded {
  url: string;
  credential: string | null;
}

/** What the fake server should answer for one page request. */
type Pager = (url: URL) => unknown;

let server: Server;
let port = 0;
let pager: Pager = () => ({});
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = pager(new URL(req.url ?? '/', `http://${req.headers.host}`));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const dig = (v: unknown, dotted: string) => dotted.split('.').reduce<any>((n, k) => (n == null ? undefined : n[k]), v);
function put(target: any, dotted: string, value: unknown) {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]!] = value;
}

/** Three distinct items from the documented example, with cursor values in page order. */
function dataset(doc: Doc, op: ReturnType<typeof listOperations>[number], spec: PaginationSpec) {
  const example = mediaExamples(doc, op.operation.responses?.['200'], `${op.pointer}/responses/200`)[0]?.examples[0]?.value ?? {};
  const items = (spec.items === '.' ? example : dig(example, spec.items)) as unknown[] | undefined;
  const template = (items?.[0] ?? {}) as Record<string, unknown>;
  const cursorFrom = 'cursorFrom' in spec ? spec.cursorFrom : undefined;
  return [3, 2, 1].map((n) => {
    const item = structuredClone(template);
    if (cursorFrom) {
      const sample = dig(template, cursorFrom);
      put(item, cursorFrom, typeof sample === 'number' ? n * 100 : Date.parse(String(sample)) ? new Date(Date.UTC(2020, 0, n)).toISOString() : `item-${n}`);
    } else {
      (item as Record<string, unknown>)['__n'] = n;
    }
    return { example, item };
  });
}

for (const vendor of vendorsToTest(import.meta.url)) {
  const doc = loadBundle(vendor.bundlePath);
  const paginated = listOperations(doc).filter((op) => op.operation['x-pagination']);
  if (paginated.length === 0) continue;
  const basePath = new URL(defaultServerUrl(doc) ?? `https://x${new URL(String(doc.servers?.[0]?.url ?? 'https://x/').replace(/\{\w+\}/g, 'x')).pathname}`).pathname.replace(/\/$/, '');
  const origin = `https://${vendor.name}.api.test`;

  describe(`${vendor.name} pagination`, () => {
    for (const op of paginated) {
      const spec = op.operation['x-pagination'] as PaginationSpec;
      const { path, query } = sampleParams(doc, op);
      const makeClient = async (recorded: Recorded[]) => {
        const { descriptor, create } = await loadGeneratedClient(vendor);
        const header = credentialHeader(descriptor.auth);
        return create({
          ...testCredentials(descriptor.auth),
          baseUrl: `${origin}${basePath}`,
          retry: false,
          fetch: async (request: Request) => {
            recorded.push({ url: request.url, credential: request.headers.get(header) });
            const url = new URL(request.url);
            if (url.origin !== origin) throw new Error(`test fetch: refusing ${url.origin}`);
            return fetch(new Request(`http://127.0.0.1:${port}${url.pathname}${url.search}`, request));
          },
        });
      };

      it(`GET ${op.key} (${spec.style}) walks three pages and stops`, async () => {
        const rows = dataset(doc, op, spec);
        const items = rows.map((r) => r.item);
        pager = (url) => pageFor(spec, url, rows[0]!.example, items, `${origin}${url.pathname}`);
        const recorded: Recorded[] = [];
        const client = await makeClient(recorded);
        const limit = 'limitParam' in spec && spec.limitParam ? { [spec.limitParam]: 1 } : 'perPageParam' in spec && spec.perPageParam ? { [spec.perPageParam]: 1 } : {};
        const init = { params: { path, query: { ...query, ...limit } } };
        const seen: unknown[] = [];
        for await (const item of (client as any).paginate(op.key, init)) seen.push(item);
        expect(seen).toEqual(items);
        const pagesSeen: number[] = [];
        for await (const page of (client as any).pages(op.key, init)) pagesSeen.push(page.items.length);
        expect(pagesSeen.filter((n) => n > 0)).toEqual([1, 1, 1]);
        expect(recorded.every((r) => r.url.startsWith(`${origin}${basePath}`) && r.credential)).toBe(true);
      });

      it(`GET ${op.key}: maxPages and maxItems stop the walk, and breaking out sends no further request`, async () => {
        const rows = dataset(doc, op, spec);
        const items = rows.map((r) => r.item);
        pager = (url) => pageFor(spec, url, rows[0]!.example, items, `${origin}${url.pathname}`);
        const limit = 'limitParam' in spec && spec.limitParam ? { [spec.limitParam]: 1 } : 'perPageParam' in spec && spec.perPageParam ? { [spec.perPageParam]: 1 } : {};
        const init = { params: { path, query: { ...query, ...limit } } };
        const walk = async (options: object, stopAfter = Infinity) => {
          const recorded: Recorded[] = [];
          const client = await makeClient(recorded);
          const seen: unknown[] = [];
          for await (const item of (client as any).paginate(op.key, init, options)) {
            seen.push(item);
            if (seen.length >= stopAfter) break;
          }
          return { seen, requests: recorded.length };
        };
        expect(await walk({ maxPages: 2 })).toEqual({ seen: items.slice(0, 2), requests: 2 });
        expect(await walk({ maxItems: 2 })).toEqual({ seen: items.slice(0, 2), requests: 2 });
        expect(await walk({}, 1)).toEqual({ seen: items.slice(0, 1), requests: 1 });
        const client = await makeClient([]);
        expect(() => (client as any).paginate(op.key, init, { maxPages: 0 })).toThrow(/"maxPages" must be a positive integer/);
      });

      if (spec.style === 'next-url' || (spec.style === 'cursor' && spec.next)) {
        it(`GET ${op.key}: an http:// next link to the same host is fetched over the client's https origin`, async () => {
          const rows = dataset(doc, op, spec);
          const items = rows.map((r) => r.item);
          pager = (url) => pageFor(spec, url, rows[0]!.example, items, `http://${vendor.name}.api.test${url.pathname}`);
          const recorded: Recorded[] = [];
          const client = await makeClient(recorded);
          const seen: unknown[] = [];
          for await (const item of (client as any).paginate(op.key, { params: { path, query } })) seen.push(item);
          expect(seen).toHaveLength(3);
          expect(recorded.length).toBeGreaterThanOrEqual(3);
          expect(recorded.every((r) => r.url.startsWith('https://'))).toBe(true);
        });

        it(`GET ${op.key}: a next link to another host is refused and never gets the credentials`, async () => {
          const rows = dataset(doc, op, spec);
          pager = (url) => pageFor(spec, url, rows[0]!.example, rows.map((r) => r.item), `https://evil.test${url.pathname}`);
          const recorded: Recorded[] = [];
          const client = await makeClient(recorded);
          const walk = async () => {
            for await (const _ of (client as any).paginate(op.key, { params: { path, query } })) void _;
          };
          await expect(walk()).rejects.toThrow(PaginationError);
          await expect(walk()).rejects.toThrow(/another host \(evil\.test\)/);
          expect(recorded.every((r) => new URL(r.url).origin === origin)).toBe(true);
        });
      }
    }
  });
}

/** One page of the scheme `spec` from a three-item dataset, shaped like the documented example. */
function pageFor(spec: PaginationSpec, url: URL, example: unknown, items: unknown[], linkBase: string): unknown {
  const q = url.searchParams;
  let index = 0;
  let size = 1;
  switch (spec.style) {
    case 'next-url':
      index = Number(q.get('page') ?? 1) - 1;
      break;
    case 'offset':
      index = Number(q.get(spec.offsetParam) ?? 0);
      size = Number(q.get(spec.limitParam ?? '') || 1);
      break;
    case 'page':
      index = Number(q.get(spec.pageParam) ?? 1) - 1;
      break;
    case 'cursor':
    case 'time': {
      const cursor = q.get(spec.cursorParam);
      index = cursor === null ? 0 : items.findIndex((item) => String(dig(item, spec.cursorFrom)) === cursor) + 1;
      break;
    }
  }
  const slice = items.slice(index, index + size);
  const body: any = spec.items === '.' ? slice : structuredClone(example ?? {});
  if (spec.items !== '.') put(body, spec.items, slice);
  const more = index + size < items.length;
  if (spec.style === 'next-url') put(body, spec.next, more ? `${linkBase}?page=${index + 2}` : null);
  if (spec.style === 'cursor' && spec.next) {
    const last = slice[slice.length - 1];
    put(body, spec.next, more && last ? `${linkBase}?${spec.cursorParam}=${encodeURIComponent(String(dig(last, spec.cursorFrom)))}` : null);
  }
  if (spec.style === 'page' && spec.totalPages) put(body, spec.totalPages, items.length);
  return body;
}
