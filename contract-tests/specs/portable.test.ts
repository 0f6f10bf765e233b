// Portable schemas: tools other than ours must work from every bundle.
// - orval (zod output) and openapi-zod-client generate from generated/<vendor>/openapi.json, and
//   everything they write type-checks, in one tsc process (strict, noUncheckedIndexedAccess);
// - the Postman collection openapi-to-postmanv2 converts from each bundle (parameters from their
//   `example`s), run by newman against that vendor's in-process mock with the test credentials,
//   gets a 2xx on at least 95 % of all requests; every other request is named in the message,
//   and so is every parameter value the converter made up because the bundle documents none.
//   Where the bundle documents a value (an `example`), the collection must send it.
// Each check is shown to fail: orval's output for a copy of a bundle with one array's `items`
// removed does not type-check, and a request converted without the examples (the
// converter then sends a placeholder such as `<long>`) gets a 4xx from the mock, and is named by
// the documented-value check.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { generate as orval } from 'orval';
import { generateZodClientFromOpenAPI } from 'openapi-zod-client';
import { convertV2 } from 'openapi-to-postmanv2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialHeaders } from '../../src/client/auth.js';
import { credentialScheme } from '../../src/spec/client-identity.js';
import { deref, loadBundle, type Doc } from '../../src/spec/openapi.js';
import { listVendors, repoRoot, type Vendor } from '../../src/spec/project.js';
import { vendorsToTest } from '../lib/shares.js';
import { startMock } from '../../src/tools/mock/prism.js';
import { bin, run, type RunResult } from '../../scripts/lib/run.js';
import { testCredentials } from '../lib/vendor-under-test.js';

/** The part of newman's programmatic API used here (newman ships no types). */
interface NewmanSummary {
  run: {
    executions: Array<{
      item: { name: string };
      request: { method: string; url: { toString(): string } };
      response?: { code: number; headers: { get(name: string): string | undefined }; text(): string };
      requestError?: { message: string };
    }>;
  };
}
const newman = createRequire(import.meta.url)('newman') as {
  run(options: Record<string, unknown>, done: (error: Error | null, summary: NewmanSummary) => void): unknown;
};

const vendors = vendorsToTest(import.meta.url);
const generators = ['orval-zod', 'openapi-zod-client'] as const;
mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
// Inside the repository, so the generated imports (zod, @zodios/core) resolve from its node_modules.
const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'portable-'));
const outFile = (name: string, generator: string) => path.join(dir, name, `${generator}.ts`);

/** Runs a generator with its console output kept (shown only when it fails). */
async function quietly<T>(label: string, work: () => Promise<T>): Promise<T> {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  const spies = [vi.spyOn(console, 'log').mockImplementation(keep), vi.spyOn(console, 'warn').mockImplementation(keep), vi.spyOn(console, 'info').mockImplementation(keep)];
  try {
    return await work();
  } catch (error) {
    throw new Error(`${label} failed: ${(error as Error).message}\n${lines.join('\n')}`, { cause: error });
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

async function generateAll(bundlePath: string, name: string, only?: (typeof generators)[number]): Promise<void> {
  if (!only || only === 'orval-zod') {
    await quietly(`orval (zod) on ${name}`, () => orval({ input: { target: bundlePath }, output: { target: outFile(name, 'orval-zod'), client: 'zod', mode: 'single' } }, repoRoot));
  }
  if (!only || only === 'openapi-zod-client') {
    const openApiDoc = JSON.parse(readFileSync(bundlePath, 'utf8')) as Parameters<typeof generateZodClientFromOpenAPI>[0]['openApiDoc'];
    await quietly(`openapi-zod-client on ${name}`, () => generateZodClientFromOpenAPI({ openApiDoc, distPath: outFile(name, 'openapi-zod-client') }));
  }
}

/** Every node of a JSON document with its JSON pointer. */
function* nodes(value: unknown, at = ''): Generator<[string, Record<string, unknown>]> {
  if (!value || typeof value !== 'object') return;
  if (!Array.isArray(value)) yield [at, value as Record<string, unknown>];
  for (const [key, child] of Object.entries(value)) yield* nodes(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

// The type-check's planted failure: the smallest bundle that has an array schema, with that
// array's `items` removed (orval then writes `zod.array()`, which takes one argument).
const brokenSource = listVendors()
  .map((vendor) => ({ vendor, text: readFileSync(vendor.bundlePath, 'utf8') }))
  .sort((a, b) => a.text.length - b.text.length)
  .map(({ vendor, text }) => {
    const doc = JSON.parse(text) as Doc;
    const found = [...nodes(doc.components?.schemas, '/components/schemas')].find(([, node]) => node.type === 'array' && node.items && typeof node.items === 'object');
    return found && { vendor, doc, node: found[1], pointer: found[0] };
  })
  .find((x) => x !== undefined);

let typecheck: RunResult;
const errorsIn = (file: string) => typecheck.output.split('\n').filter((line) => line.startsWith(path.relative(repoRoot, file)) || line.startsWith(file));

beforeAll(async () => {
  for (const vendor of vendors) await generateAll(vendor.bundlePath, vendor.name);
  expect(brokenSource, 'no bundle has an array schema to break').toBeDefined();
  const { doc, node } = brokenSource!;
  delete node.items;
  const brokenBundle = path.join(dir, 'broken.openapi.json');
  writeFileSync(brokenBundle, JSON.stringify(doc));
  await generateAll(brokenBundle, 'broken', 'orval-zod');
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        types: [],
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        isolatedModules: true,
      },
      include: ['**/*.ts'],
    }),
  );
  typecheck = await run(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: repoRoot });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portable schemas: generated zod code type-checks', () => {
  it.each(vendors.flatMap((vendor) => generators.map((generator) => [vendor.name, generator] as const)))('%s: %s output type-checks', (name, generator) => {
    const file = outFile(name, generator);
    expect(readFileSync(file, 'utf8')).toMatch(/from ['"]zod['"]/);
    expect(errorsIn(file)).toEqual([]);
  });

  it('tsc rejects orval output for a bundle copy with an array schema stripped of its items', () => {
    expect(typecheck.code).not.toBe(0); // the broken copy must fail
    expect(readFileSync(outFile('broken', 'orval-zod'), 'utf8')).toMatch(/zod\.array\(\)/);
    expect(errorsIn(outFile('broken', 'orval-zod')).join('\n'), `${brokenSource!.vendor.name} ${brokenSource!.pointer}`).toMatch(/orval-zod\.ts\(\d+,\d+\): error TS/);
    // Nothing but the broken copy fails: every other diagnostic is attributed to a file checked above.
    const others = typecheck.output.split('\n').filter((line) => /error TS/.test(line) && !line.includes(`${path.sep}broken${path.sep}`));
    expect(others).toEqual([]);
  });
});

// ---- Postman collections through newman ----

type PostmanCollection = {
  auth?: { type: string } & Record<string, Array<{ key: string; value: unknown }>>;
  item: PostmanItem[];
};
type PostmanItem = {
  name: string;
  item?: PostmanItem[];
  request?: {
    method: string;
    url: { path?: string[]; query?: Array<{ key: string; value: string | null; disabled?: boolean }>; variable?: Array<{ key: string; value: string }> };
    header?: Array<{ key: string; value: string; disabled?: boolean }>;
  };
};
const leaves = (items: PostmanItem[]): PostmanItem[] => items.flatMap((i) => (i.item ? leaves(i.item) : [i]));
const PLACEHOLDER = /^<[^<>]+>$/;

/**
 * Every parameter value a collection sends, with the values the bundle documents for that
 * parameter (its `example`, its `examples` entries, its schema's `example`/`examples`), if any.
 */
function sentParameters(doc: Doc, collection: PostmanCollection): Array<{ where: string; value: string; documented: string[] }> {
  const found: Array<{ where: string; value: string; documented: string[] }> = [];
  for (const { request } of leaves(collection.item)) {
    if (!request) continue;
    // Trailing slash kept: `/a/{id}` and `/a/{id}/` can be different operations.
    const route = `/${(request.url.path ?? []).join('/')}`;
    const [pathKey, item] = Object.entries(doc.paths ?? {}).find(([key]) => key.replace(/\{([^}]+)\}/g, ':$1') === route) ?? [];
    expect(item, `no path of the bundle is ${route}`).toBeDefined();
    const op = (item as Doc | undefined)?.[request.method.toLowerCase()] as Doc | undefined;
    const params = [...((item as Doc | undefined)?.parameters ?? []), ...(op?.parameters ?? [])].map((p: Doc) => deref<Doc>(doc, p));
    const sent = [
      ...(request.url.variable ?? []).map((v) => ['path', v.key, v.value] as const),
      ...(request.url.query ?? []).filter((q) => !q.disabled).map((q) => ['query', q.key, q.value] as const),
      ...(request.header ?? []).filter((h) => !h.disabled).map((h) => ['header', h.key, h.value] as const),
    ];
    for (const [where, name, value] of sent) {
      const param = params.find((p) => p.in === where && p.name === name);
      if (!param) continue; // Accept, Content-Type: the converter's own headers
      const schema = deref<Doc>(doc, param.schema) ?? {};
      const documented = [
        ...('example' in param ? [param.example] : []),
        ...Object.values<Doc>(param.examples ?? {}).map((e) => deref<Doc>(doc, e).value),
        ...('example' in schema ? [schema.example] : []),
        ...((schema.examples ?? []) as unknown[]),
      ]
        // An array goes out one pair per item (style form, explode), so each item is a documented value.
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
      found.push({ where: `${request.method} ${pathKey ?? route} ${where} ${name}=${String(value)}`, value: String(value), documented });
    }
  }
  return found;
}

async function convert(doc: Doc, parametersResolution: 'Example' | 'Schema' = 'Example'): Promise<PostmanCollection> {
  return new Promise((resolve, reject) => {
    convertV2({ type: 'json', data: doc }, { parametersResolution, folderStrategy: 'Tags' }, (error, result) => {
      if (error) return reject(error);
      if (!result?.result) return reject(new Error(`openapi-to-postmanv2: ${result?.reason ?? 'no result'}`));
      resolve(result.output?.[0]?.data as unknown as PostmanCollection);
    });
  });
}

/** The collection's auth variables (`{{apiKey}}`, `{{basicAuthUsername}}`, …) filled with the credentials the mock accepts. */
function authVariables(vendor: Vendor, collection: PostmanCollection): Record<string, string> {
  const { scheme } = credentialScheme(vendor.name, loadBundle(vendor.bundlePath));
  const header = Object.values(credentialHeaders(scheme, testCredentials(scheme), 'portable test'))[0]!;
  const auth = collection.auth;
  const entries = auth?.[auth.type] ?? [];
  const variables: Record<string, string> = {};
  const fill = (key: string, value: string) => {
    const name = /^\{\{(.+)\}\}$/.exec(String(entries.find((e) => e.key === key)?.value ?? ''))?.[1];
    if (!name) throw new Error(`${vendor.name}: the collection's ${auth?.type} auth has no {{variable}} for ${key}`);
    variables[name] = value;
  };
  if (auth?.type === 'apikey') fill('value', header);
  else if (auth?.type === 'bearer') fill('token', header.replace(/^Bearer /, ''));
  else if (auth?.type === 'basic') {
    const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString();
    const colon = decoded.indexOf(':');
    fill('username', decoded.slice(0, colon));
    fill('password', decoded.slice(colon + 1));
  } else throw new Error(`${vendor.name}: collection auth ${JSON.stringify(auth)} is not one this test fills`);
  return variables;
}

interface Outcome {
  name: string;
  status: number | undefined;
  line: string;
}

async function runCollection(vendor: Vendor, collection: PostmanCollection): Promise<Outcome[]> {
  const mock = await startMock(vendor.bundlePath, { logLevel: 'silent' });
  try {
    const envVar = Object.entries({ baseUrl: mock.url, ...authVariables(vendor, collection) }).map(([key, value]) => ({ key, value }));
    const summary = await new Promise<NewmanSummary>((resolve, reject) =>
      newman.run({ collection, envVar, reporters: [], timeoutRequest: 15_000 }, (error, result) => (error ? reject(error) : resolve(result))),
    );
    return summary.run.executions.map((e) => {
      const status = e.response?.code;
      const first = e.response && firstViolation(e.response);
      const why = first ? `: ${first.location?.join('.') ?? ''} ${first.message ?? ''}` : e.requestError ? `: ${e.requestError.message}` : '';
      return { name: e.item.name, status, line: `${vendor.name} ${e.request.method} ${e.request.url.toString().replace(mock.url, '')} → ${status ?? 'no answer'}${why}` };
    });
  } finally {
    await mock.close();
  }
}

/** The first violation the mock names: its `sl-violations` header, or the `validation` list of Prism's own 422. */
function firstViolation(response: NonNullable<NewmanSummary['run']['executions'][number]['response']>): { location?: string[]; message?: string } | undefined {
  try {
    const header = response.headers.get('sl-violations');
    const list = header ? JSON.parse(header) : (JSON.parse(response.text()) as { validation?: unknown }).validation;
    return Array.isArray(list) ? list[0] : undefined;
  } catch {
    return undefined;
  }
}

const outcomes = new Map<string, Outcome[]>();
const undocumented = new Map<string, string[]>();
const is2xx = (o: Outcome) => o.status !== undefined && o.status >= 200 && o.status < 300;

describe('portable schemas: the Postman collection runs against the mocks', () => {
  it.each(vendors)('$name: newman runs every request of the converted collection, each parameter with its documented value', async (vendor) => {
    const doc = loadBundle(vendor.bundlePath);
    const collection = await convert(doc);
    const sent = sentParameters(doc, collection);
    // Where the bundle documents a value, the collection sends it (not a placeholder or a faked value).
    expect(sent.filter((p) => p.documented.length > 0 && !p.documented.includes(p.value)).map((p) => `${p.where} (documented: ${p.documented.join(' | ')})`)).toEqual([]);
    undocumented.set(vendor.name, sent.filter((p) => p.documented.length === 0).map((p) => p.where));
    const results = await runCollection(vendor, collection);
    expect(results).toHaveLength(leaves(collection.item).length);
    outcomes.set(vendor.name, results);
  });

  it('at least 95 % of all requests get a 2xx', () => {
    expect([...outcomes.keys()]).toEqual(vendors.map((v) => v.name));
    const all = [...outcomes.values()].flat();
    const ok = all.filter(is2xx).length;
    const report = [
      `${ok}/${all.length} requests got a 2xx (${[...outcomes].map(([name, r]) => `${name} ${r.filter(is2xx).length}/${r.length}`).join(', ')})`,
      ...all.filter((o) => !is2xx(o)).map((o) => `  ${o.line}`),
      `values the converter made up for parameters without a documented value: ${[...undocumented.values()].flat().length}`,
      ...[...undocumented].flatMap(([name, list]) => list.map((where) => `  ${name} ${where}`)),
    ].join('\n');
    expect(ok / all.length, report).toBeGreaterThanOrEqual(0.95);
  });

  // The planted failure: a request with a placeholder parameter. The converter writes one
  // (`<long>`, `<uuid>`) for every parameter when it does not take the examples
  // (`parametersResolution: 'Schema'`); converted so, the first operation of the smallest bundle
  // with a typed path parameter (integer, number, boolean, a format, an enum or a pattern, which
  // a placeholder cannot satisfy) must get a 4xx from the mock, and count as not 2xx.
  it('a request with a placeholder path parameter gets a 4xx from the mock', async () => {
    const typed = (s: Record<string, unknown> | undefined) => !!s && (['integer', 'number', 'boolean'].includes(String(s.type)) || 'format' in s || 'enum' in s || 'pattern' in s);
    const candidate = listVendors()
      .map((vendor) => ({ vendor, doc: JSON.parse(readFileSync(vendor.bundlePath, 'utf8')) as Doc }))
      .sort((a, b) => JSON.stringify(a.doc).length - JSON.stringify(b.doc).length)
      .flatMap(({ vendor, doc }) =>
        Object.entries(doc.paths ?? {}).flatMap(([route, item]) =>
          Object.entries(item as Record<string, Doc>)
            .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
            .flatMap(([method, op]) =>
              ([...((item as Doc).parameters ?? []), ...(op.parameters ?? [])] as Doc[])
                .map((p) => deref<Record<string, unknown>>(doc, p))
                .filter((p) => p.in === 'path' && 'example' in p && typed(deref(doc, p.schema)))
                .map((parameter) => ({ vendor, doc, route, item, method, op, parameter })),
            ),
        ),
      )[0];
    expect(candidate, 'no typed path parameter with an example').toBeDefined();
    const { vendor, doc, route, item, method, op, parameter } = candidate!;
    doc.paths = { [route]: { ...((item as Doc).parameters ? { parameters: (item as Doc).parameters } : {}), [method]: op } };
    const collection = await convert(doc, 'Schema');
    const request = leaves(collection.item)[0]!.request!;
    expect(request.url.variable?.find((v) => v.key === parameter.name)?.value).toMatch(PLACEHOLDER);
    // The documented-value check sees it.
    const wrong = sentParameters(doc, collection).filter((p) => p.documented.length > 0 && !p.documented.includes(p.value));
    expect(wrong.map((p) => p.where).join('\n')).toContain(`path ${String(parameter.name)}=<`);
    const [result] = await runCollection(vendor, collection);
    expect(result?.status, result?.line).toBeGreaterThanOrEqual(400);
    expect(result?.status, result?.line).toBeLessThan(500);
    expect(is2xx(result!)).toBe(false);
    expect(result?.line).toContain(`path.${String(parameter.name)}`);
  });
});
