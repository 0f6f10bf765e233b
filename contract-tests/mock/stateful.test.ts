// The stateful mock beyond the lifecycle: the model and --explain, Prism's auth and request
// validation kept, answers validated (a 500 for an off-spec one, on a spec built to cause it),
// reset, two mocks isolated, seed files (and their rejection), the per-resource cap, deleting a
// parent, filters, the Prefer escape hatch, and webhooks (subscriptions made through the
// vendor's API, --webhook-url, triggers by hand and by changes, failed deliveries). Vendors and
// resources are picked by what their specs hold, never by name.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, type Doc } from '../../src/spec/openapi.js';
import { listVendors, type Vendor } from '../../src/spec/project.js';
import { firstVendorWith, toProve, vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { sampleParams } from '../../src/spec/samples.js';
import { createSchemaValidator } from '../../src/spec/schema-validator.js';
import { startMock } from '../../src/tools/testing.js';
import { explainModel } from '../../src/tools/stateful/explain.js';
import type { Binding, Resource } from '../../src/tools/stateful/model.js';
import { applySeedFile, SeedError } from '../../src/tools/stateful/seed.js';
import { modelOf, startStatefulMock, type StatefulMockServer } from '../../src/tools/stateful/server.js';
import { documentedItems, Store } from '../../src/tools/stateful/store.js';
import { WebhookHub } from '../../src/tools/stateful/webhooks.js';
import { run } from '../../scripts/lib/run.js';
import { credentialHeaders } from '../../src/client/auth.js';
import { testCredentials } from '../lib/vendor-under-test.js';
import { repoRoot } from '../../src/spec/project.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'stateful-'));
const vendors = listVendors().map((vendor) => ({ vendor, doc: loadBundle(vendor.bundlePath), model: modelOf(vendor.bundlePath) }));
// Per-vendor tests cover the vendors this run proves (lib/shares.ts); the others pick from all.
const proving = new Set(vendorsToTest(import.meta.url).map((v) => v.name));
const proved = <T extends { vendor: Vendor }>(cases: T[]): T[] => cases.filter((c) => proving.has(c.vendor.name));
/** The value `find` gives for the first vendor that has one, if this run proves a check on it (the vendors up to it are what the check read). */
function firstToProve<T>(find: (entry: (typeof vendors)[number]) => T | undefined | null | false): T | undefined {
  const found = firstVendorWith((vendor) => find(vendors.find((v) => v.vendor.name === vendor.name)!));
  return found && toProve(import.meta.url, found.read) ? found.value : undefined;
}
const withCreate = vendors.flatMap((v) => v.model.resources.filter((r) => r.bindings.create && r.bindings.read && !r.parent).map((resource) => ({ ...v, resource })));

async function clientFor(vendor: Vendor, url: string) {
  const { create, descriptor } = await loadGeneratedClient(vendor);
  return {
    client: create({ ...testCredentials(descriptor.auth), baseUrl: url, retry: false }) as unknown as {
      request(method: string, path: string, init?: object): Promise<{ data?: any; error?: any; response: Response }>;
    },
    headers: credentialHeaders(descriptor.auth, testCredentials(descriptor.auth), 'test'),
  };
}

function requestExample(doc: Doc, binding: Binding): Record<string, unknown> {
  const media = deref(doc, binding.op.operation.requestBody)?.content?.['application/json'];
  const first = media?.examples ? Object.values(media.examples as Record<string, Doc>)[0] : undefined;
  return structuredClone(first ? deref(doc, first).value : {});
}

async function listIds(doc: Doc, client: Awaited<ReturnType<typeof clientFor>>['client'], resource: Resource): Promise<unknown[]> {
  const list = resource.bindings.list!;
  const { data } = await client.request('get', list.op.key, { params: { ...sampleParams(doc, list.op), query: { ...sampleParams(doc, list.op).query, ...(list.pagination && 'limitParam' in list.pagination && list.pagination.limitParam ? { [list.pagination.limitParam]: 1000 } : {}) } } });
  const items = list.pagination && list.pagination.items !== '.' ? data[list.pagination.items] : data;
  return (items as Array<Record<string, unknown>>).map((i) => i[resource.idField]);
}

/** Creates an item; its id from the answer, or (when the create answers no body) the one new id in the list. */
async function create(doc: Doc, client: Awaited<ReturnType<typeof clientFor>>['client'], resource: Resource, body = requestExample(doc, resource.bindings.create!)) {
  const b = resource.bindings.create!;
  const before = b.view ? [] : await listIds(doc, client, resource);
  const result = await client.request(b.op.method, b.op.key, { params: sampleParams(doc, b.op), body });
  const id = b.view ? (result.data?.[resource.idField] as unknown) : (await listIds(doc, client, resource)).find((i) => !before.includes(i));
  return { ...result, id };
}

async function read(doc: Doc, client: Awaited<ReturnType<typeof clientFor>>['client'], resource: Resource, id: unknown) {
  const b = resource.bindings.read!;
  return client.request(b.op.method, b.op.key, { params: { ...sampleParams(doc, b.op), path: { [b.idParam!.name]: id } } });
}

describe('the resource model', () => {
  it('binds every operation or leaves it static with a reason; --explain lists each, with the counts', () => {
    for (const { vendor, model } of vendors) {
      const text = explainModel(vendor.name, model);
      expect(text).toMatch(new RegExp(`^${vendor.name}: ${model.byRoute.size} of ${listOperations(model.doc).length} operations stateful`));
      for (const op of listOperations(model.doc)) {
        const bound = model.byRoute.has(`${op.method} ${op.key}`);
        const staticOne = model.static.find((s) => s.op.operationId === op.operationId);
        expect(bound !== !!staticOne, `${vendor.name} ${op.operationId}`).toBe(true);
        if (staticOne) expect(staticOne.reason, op.operationId).toMatch(/\w{4,}/);
        expect(text, `${vendor.name} ${op.operationId}`).toContain(` ${op.operationId}`);
      }
      for (const r of model.resources) {
        expect(text).toContain(`resource ${r.name}`);
        expect(r.idField, r.name).not.toBe('');
      }
    }
    // Something is derived at all: resources for most vendors, sub-collections, link-found and x-stateful bindings.
    const all = vendors.flatMap((v) => v.model.resources);
    expect(all.length).toBeGreaterThan(10);
    expect(all.some((r) => r.parent)).toBe(true);
    const hows = new Set(all.flatMap((r) => Object.values(r.bindings).map((b) => b.how.split(' ')[0])));
    expect([...hows].sort()).toEqual(['link', 'path', 'x-stateful']);
  });

  const explaining = firstToProve((v) => v.model.resources.length > 0 && v);
  if (explaining) it('the CLI prints it (vendor-apis mock <vendor> --stateful --explain) and rejects --explain without --stateful', async () => {
    const { vendor } = explaining;
    const bin = path.join(repoRoot, 'src', 'tools', 'vendor-apis.ts');
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const [explained, misused] = await Promise.all([run(tsx, [bin, 'mock', vendor.name, '--stateful', '--explain'], { cwd: repoRoot }), run(tsx, [bin, 'mock', vendor.name, '--explain'], { cwd: repoRoot })]);
    expect(explained.code, explained.output).toBe(0);
    expect(explained.output).toContain(explainModel(vendor.name, modelOf(vendor.bundlePath)));
    expect(misused.code).toBe(2);
    expect(misused.output).toMatch(/--explain only applies with --stateful/);
  });
});

describe.each(proved(withCreate).map((w) => [`${w.vendor.name} ${w.resource.name}`, w] as const))('%s', (_name, { vendor, doc, resource }) => {
  let a: StatefulMockServer;
  let b: StatefulMockServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startStatefulMock(vendor), startStatefulMock(vendor)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('keeps Prism\'s authentication and request validation: 401 without credentials, 4xx naming a removed required field', async () => {
    const create = resource.bindings.create!;
    const noAuth = await fetch(`${a.url}${create.op.key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requestExample(doc, create)) });
    expect(noAuth.status).toBe(401);
    const { headers } = await clientFor(vendor, a.url);
    const schema = deref(doc, deref(doc, create.op.operation.requestBody)?.content?.['application/json']?.schema);
    const required = (schema?.required ?? []) as string[];
    if (!required.length) return;
    const body = requestExample(doc, create);
    delete body[required[0]!];
    const bad = await fetch(`${a.url}${create.op.key}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(`${bad.headers.get('sl-violations')} ${await bad.text()}`).toContain(required[0]);
  });

  it('two mocks never share state; reset() and POST /__mock/reset restore the start', async () => {
    const ca = (await clientFor(vendor, a.url)).client;
    const cb = (await clientFor(vendor, b.url)).client;
    const made = await create(doc, ca, resource);
    expect(made.response.status, JSON.stringify(made.data)).toBe(resource.bindings.create!.status);
    expect((await read(doc, ca, resource, made.id)).response.status).toBe(200);
    expect((await read(doc, cb, resource, made.id)).response.status).toBe(resource.bindings.read!.notFound!.status);
    a.reset();
    expect((await read(doc, ca, resource, made.id)).response.status).toBe(resource.bindings.read!.notFound!.status);
    const again = await create(doc, ca, resource);
    const reset = await fetch(`${a.url}/__mock/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await read(doc, ca, resource, again.id)).response.status).toBe(resource.bindings.read!.notFound!.status);
    // The documented items are back: the first one reads as documented.
    const documented = documentedItems(a.model).find((s) => s.resource === resource);
    if (documented) expect((await read(doc, ca, resource, documented.data[resource.idField])).response.status).toBe(200);
  });

  it('a Prefer: code=…, example=… header still gets the documented example', async () => {
    const ca = (await clientFor(vendor, a.url)).client;
    const made = await create(doc, ca, resource);
    const readOp = resource.bindings.read!;
    const media = deref(doc, deref(doc, readOp.op.operation.responses[String(readOp.status)]))?.content?.['application/json'];
    const [name, example] = Object.entries((media?.examples ?? {}) as Record<string, Doc>)[0] ?? [];
    if (!name) return;
    const answer = await ca.request('get', readOp.op.key, { params: { path: { [readOp.idParam!.name]: made.id } }, headers: { Prefer: `code=${readOp.status}, example=${name}` } });
    expect(answer.data).toEqual(deref(doc, example).value);
  });
});

describe('a create whose request branches create different resources (x-stateful.byRequestBranch)', () => {
  const shared = vendors.flatMap((v) => [...v.model.byRoute.values()].filter((bs) => bs.length > 1).map((bindings) => ({ ...v, bindings })));
  it.each(proved(shared).map((s) => [`${s.vendor.name} ${s.bindings[0]!.op.operationId}`, s] as const))('%s: each branch\'s body creates its own resource\'s item, and only that', async (_n, { vendor, doc, bindings }) => {
    expect(bindings.every((b) => b.requestBranch)).toBe(true);
    const mock = await startStatefulMock(vendor);
    const validator = createSchemaValidator(doc);
    try {
      const { client } = await clientFor(vendor, mock.url);
      const media = deref(doc, bindings[0]!.op.operation.requestBody)?.content?.['application/json'];
      const examples = Object.values((media?.examples ?? {}) as Record<string, Doc>).map((e) => deref(doc, e).value);
      for (const binding of bindings) {
        const body = examples.find((v) => validator.validate(binding.requestBranch!, v).length === 0) ?? {};
        expect(validator.validate(binding.requestBranch!, body), binding.resource.name).toEqual([]);
        const counts = bindings.map((b) => mock.store.count(b.resource));
        const made = await client.request(binding.op.method, binding.op.key, { body });
        expect(made.response.status).toBe(binding.status);
        expect(bindings.map((b) => mock.store.count(b.resource) - counts[bindings.indexOf(b)]!)).toEqual(bindings.map((b) => (b === binding ? 1 : 0)));
        expect(validator.validate(binding.view!, made.data)).toEqual([]);
      }
    } finally {
      await mock.close();
    }
  });
});

// Its own spec, no vendor's.
if (toProve(import.meta.url, [])) describe('answers are validated against the spec', () => {
  // A spec whose answer the mock cannot build validly: `code` must match a pattern, and there is no example to copy.
  const bundle = path.join(tmp, 'off-spec.json');
  const thing = { type: 'object', required: ['id', 'code'], properties: { id: { type: 'integer' }, code: { type: 'string', pattern: '^[A-Z]{3}$' } } };
  writeFileSync(
    bundle,
    JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'off-spec', version: '1.0.0' },
      paths: {
        '/things': { post: { operationId: 'createThing', requestBody: { content: { 'application/json': { schema: { type: 'object' } } } }, responses: { 200: { description: 'ok', content: { 'application/json': { schema: thing } } } } } },
        '/things/{id}': { get: { operationId: 'getThing', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: { description: 'ok', content: { 'application/json': { schema: thing } } } } } },
      },
    }),
  );
  const vendor: Vendor = { name: 'offspec', specRoot: bundle, specDir: tmp, generatedDir: tmp, bundlePath: bundle };

  it('an answer that would violate its schema is a 500 naming the violations, and is reported', async () => {
    const reported: string[] = [];
    const mock = await startStatefulMock(vendor, { errorLog: { write: (l: string) => (reported.push(l), true) } as never });
    try {
      const answer = await fetch(`${mock.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'nope' }) });
      expect(answer.status).toBe(500);
      const body = await answer.json();
      expect(body.violations).toEqual([expect.objectContaining({ path: '$.code' })]);
      expect(reported.join('')).toMatch(/stateful mock bug: .*createThing.*\$\.code/);
      // A valid one passes the same check.
      const ok = await fetch(`${mock.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'ABC' }) });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ id: expect.any(Number), code: 'ABC' });
    } finally {
      await mock.close();
    }
  });

  it('each resource holds at most maxItems items: the next create is a 507 that says so, and the mock keeps serving', async () => {
    const mock = await startStatefulMock(vendor, { maxItems: 2 });
    try {
      const post = () => fetch(`${mock.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'ABC' }) });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      const full = await post();
      expect(full.status).toBe(507);
      expect((await full.json()).detail).toMatch(/\/things holds 2 items, the most this mock keeps per resource/);
      expect((await fetch(`${mock.url}/things/2`)).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

const seeded = firstToProve((v) => withCreate.find((w) => w.vendor === v.vendor && w.resource.bindings.create!.view && w.resource.bindings.list));
if (seeded) describe('seed data', () => {
  const { vendor, doc, resource } = seeded;

  it('a seeded collection starts with exactly the file\'s items (ids generated where missing), and reset returns to them', async () => {
    const example = requestExample(doc, resource.bindings.create!);
    const created = (await (async () => {
      const mock = await startStatefulMock(vendor);
      try {
        const { client } = await clientFor(vendor, mock.url);
        return (await create(doc, client, resource, example)).data as Record<string, unknown>;
      } finally {
        await mock.close();
      }
    })())!;
    // The item as the mock answered it, without its id, is a valid seed item.
    const { [resource.idField]: _id, ...item } = created;
    const file = path.join(tmp, 'seed.yaml');
    writeFileSync(file, `${resource.name}:\n  - ${JSON.stringify(item)}\n`);
    const mock = await startStatefulMock(vendor, { seedData: file });
    try {
      const { client } = await clientFor(vendor, mock.url);
      const list = resource.bindings.list!;
      const page = await client.request('get', list.op.key, { params: sampleParams(doc, list.op) });
      const items = list.pagination && list.pagination.items !== '.' ? page.data[list.pagination.items] : page.data;
      expect(items).toHaveLength(1);
      const id = items[0][resource.idField];
      expect((await read(doc, client, resource, id)).response.status).toBe(200);
      await create(doc, client, resource, example);
      mock.reset();
      const after = await client.request('get', list.op.key, { params: sampleParams(doc, list.op) });
      expect(list.pagination && list.pagination.items !== '.' ? after.data[list.pagination.items] : after.data).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });

  it('a bad file is rejected with the file, the item and the field', () => {
    const model = modelOf(vendor.bundlePath);
    const props = [...model.schemas.properties(resource.bindings.read!.view!)];
    const [stringField] = props.find(([, p]) => model.schemas.resolve(p).node.type === 'string') ?? [];
    expect(stringField).toBeDefined();
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ [resource.name]: [{}, { [stringField!]: 42 }, { no_such_field: 1 }], '/no/such/collection': [] }));
    let error: unknown;
    try {
      applySeedFile(file, model, documentedItems(model));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SeedError);
    const message = (error as Error).message;
    expect(message).toContain(`bad.json: ${resource.name} item 2: field "${stringField}"`);
    expect(message).toMatch(/must be string/);
    expect(message).toContain(`bad.json: ${resource.name} item 3: field "no_such_field" is not a property`);
    expect(message).toContain('bad.json: /no/such/collection: not a stateful collection');
    expect(message).not.toContain('item 1');
    writeFileSync(file, '{ not json');
    expect(() => applySeedFile(file, model, [])).toThrow(/--seed-data .*bad\.json: /);
  });

  it('the CLI rejects a bad seed file with one message and exit 1, before serving', async () => {
    const file = path.join(tmp, 'bad.yaml');
    writeFileSync(file, `${resource.name}:\n  - no_such_field: 1\n`);
    const bin = path.join(repoRoot, 'src', 'tools', 'vendor-apis.ts');
    const port = await freePort();
    const result = await run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [bin, 'mock', vendor.name, '--stateful', '--seed-data', file, '--port', String(port)], { cwd: repoRoot });
    expect(result.code, result.output).toBe(1);
    expect(result.output).toContain(`bad.yaml: ${resource.name} item 1: field "no_such_field" is not a property`);
  });
});

describe('sub-resources, filters', () => {
  const child = firstToProve((v) => {
    const resource = v.model.resources.find((r) => r.parent && r.bindings.read);
    return resource && { ...v, resource };
  });

  if (child) it('deleting a parent item deletes its sub-resources\' items: their reads answer not-found', async () => {
    const mock = await startStatefulMock(child.vendor);
    try {
      const { client } = await clientFor(child.vendor, mock.url);
      const parent = child.resource.parent!.resource;
      const start = documentedItems(mock.model).find((s) => s.resource === child.resource)!;
      const b = child.resource.bindings.read!;
      const params = { ...sampleParams(child.doc, b.op).path, [child.resource.parent!.param]: start.parentKey, [b.idParam!.name]: start.data[child.resource.idField] };
      expect((await client.request('get', b.op.key, { params: { path: params } })).response.status).toBe(200);
      // No vendor documents deleting such a parent, so the store deletes it (what a parent delete operation does).
      const store = mock.store;
      expect(store.delete(parent, '', start.parentKey)).toBe(true);
      expect((await client.request('get', b.op.key, { params: { path: params } })).response.status).toBe(b.notFound!.status);
      expect([...store.all(child.resource)].filter((i) => String(i.data[child.resource.parent!.param] ?? start.parentKey) === start.parentKey)).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  const naming = vendors.flatMap((v) =>
    v.model.resources
      .filter((r) => r.parent && r.bindings.create?.view && r.idParam !== r.idField && JSON.stringify(requestExample(v.doc, r.bindings.create!)).includes(`"${r.idParam}"`))
      .map((resource) => ({ ...v, resource })),
  );
  it.each(proved(naming).map((n) => [`${n.vendor.name} ${n.resource.name}`, n] as const))('%s: an id sent under the item parameter\'s name names the new item', async (_n, { vendor, doc, resource }) => {
    const mock = await startStatefulMock(vendor);
    try {
      const { client } = await clientFor(vendor, mock.url);
      const parentKey = documentedItems(mock.model).find((s) => s.resource === resource)?.parentKey ?? documentedItems(mock.model).find((s) => s.resource === resource.parent!.resource)!.data[resource.parent!.resource.idField];
      const body = { ...requestExample(doc, resource.bindings.create!), [resource.idParam]: 4242 };
      const c = resource.bindings.create!;
      const made = await client.request(c.op.method, c.op.key, { params: { path: { [resource.parent!.param]: parentKey } }, body });
      expect(made.response.status).toBe(c.status);
      expect(String(made.data[resource.idField])).toBe('4242');
      const r = resource.bindings.read!;
      const read = await client.request('get', r.op.key, { params: { path: { [resource.parent!.param]: parentKey, [r.idParam!.name]: 4242 } } });
      expect(read.response.status).toBe(200);
      expect(String(read.data[resource.idField])).toBe('4242');
    } finally {
      await mock.close();
    }
  });

  const filtered = vendors.flatMap((v) => v.model.resources.flatMap((r) => (r.bindings.list?.filters ?? []).map((filter) => ({ ...v, resource: r, filter }))));
  it.each(proved(filtered).map((f) => [`${f.vendor.name} ${f.resource.bindings.list!.op.operationId} ${f.filter.param}`, f] as const))('filter %s', async (_n, { vendor, doc, resource, filter }) => {
    const mock = await startStatefulMock(vendor);
    const validator = createSchemaValidator(doc);
    try {
      const { client } = await clientFor(vendor, mock.url);
      const list = resource.bindings.list!;
      const start = documentedItems(mock.model).filter((s) => s.resource === resource);
      const parentKey = start[0]?.parentKey ?? '';
      const path = { ...sampleParams(doc, list.op).path, ...(resource.parent ? { [resource.parent.param]: parentKey } : {}) };
      const itemsOf = (data: any) => (list.pagination && list.pagination.items !== '.' ? data[list.pagination.items] : data) as Array<Record<string, unknown>>;
      const param = deref(doc, list.op.parameters.find((p) => p.name === filter.param)?.schema) ?? {};
      const fits = (v: unknown) => validator.validateValue(param, String(v)).length === 0;
      let all = itemsOf((await client.request('get', list.op.key, { params: { path } })).data);
      expect(all.length).toBeGreaterThan(0);
      let value = all.map((i) => i[filter.field]).find((v) => v !== undefined && typeof v !== 'object' && fits(v));
      if (value === undefined && resource.bindings.create && param.format === 'uuid') {
        // The documented items hold no value the parameter accepts: create one that does.
        await create(doc, client, resource, { ...requestExample(doc, resource.bindings.create), [filter.field]: crypto.randomUUID() });
        all = itemsOf((await client.request('get', list.op.key, { params: { path, query: { [(list.pagination as { perPageParam?: string })?.perPageParam ?? 'limit']: 100 } } })).data);
        value = all.map((i) => i[filter.field]).find((v) => v !== undefined && typeof v !== 'object' && fits(v));
      }
      expect(value, `an item whose ${filter.field} the ${filter.param} parameter accepts`).toBeDefined();
      const wanted = filter.kind === 'equals' ? String(value) : String(value).slice(1, 4);
      const hits = itemsOf((await client.request('get', list.op.key, { params: { path, query: { [filter.param]: wanted } } })).data);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(filter.kind === 'equals' ? String(hit[filter.field]) : String(hit[filter.field])).toContain(wanted);
      const nothing = param.format === 'uuid' ? crypto.randomUUID() : param.type === 'integer' ? 987654321 : 'matches-nothing-zz';
      const none = itemsOf((await client.request('get', list.op.key, { params: { path, query: { [filter.param]: nothing } } })).data);
      expect(none).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let receiverUrl = '';
  const waiting = new Map<string, (body: unknown) => void>();
  const received = (route: string) => new Promise<unknown>((resolve) => waiting.set(route, resolve));
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(req.url?.startsWith('/refuse') ? 500 : 200).end('ok');
        waiting.get(req.url ?? '')?.(JSON.parse(body));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  const hubOf = (v: (typeof vendors)[number]) => ({ ...v, hub: new WebhookHub(v.vendor, v.model, new Store(v.model, []), { urls: [], log: () => undefined }) });
  const subscribing = firstToProve((v) => {
    const h = hubOf(v);
    return h.hub.subscriptions && h;
  });
  const changing = firstToProve((v) => {
    const h = hubOf(v);
    const resource = h.model.resources.find((r) => r.bindings.create && !r.parent && h.hub.eventsOf(r.bindings.create).length);
    return resource && { ...h, resource };
  });

  if (subscribing) it('a subscription made through the vendor\'s API gets an event triggered by hand, which the package\'s webhook parser accepts', async () => {
    const { vendor, doc, hub } = subscribing;
    const subs = hub.subscriptions!;
    const event = hub.events.find((e) => !hub.model.resources.some((r) => Object.values(r.bindings).some((b) => hub.eventsOf(b).includes(e.name))))!.name;
    const mock = await startMock(vendor.name, { stateful: true });
    try {
      const { client } = await clientFor(vendor, mock.url);
      const body = { ...requestExample(doc, subs.resource.bindings.create!), [subs.urlField]: `${receiverUrl}/hooks/subscribed`, [subs.eventField]: event };
      const made = await create(doc, client, subs.resource, body);
      expect(made.response.status).toBe(subs.resource.bindings.create!.status);
      const arrived = received('/hooks/subscribed');
      const triggered = await fetch(`${mock.url}/__mock/trigger/${encodeURIComponent(event)}`, { method: 'POST' });
      expect(triggered.status).toBe(200);
      expect((await triggered.json()).deliveries).toEqual([{ url: `${receiverUrl}/hooks/subscribed`, status: 200 }]);
      const payload = await arrived;
      const mod = (await import(path.join(vendor.generatedDir, 'index.ts'))) as Record<string, unknown>;
      const parser = Object.entries(mod).find(([name]) => /^parse\w+Webhook$/.test(name))![1] as (body: unknown) => unknown;
      expect(parser(payload)).toEqual(payload);
      // And by helper, with data merged in; an unknown event is refused with the list.
      const again = received('/hooks/subscribed');
      const deliveries = await mock.trigger(event);
      expect(deliveries.map((d) => d.status)).toEqual([200]);
      expect(await again).toEqual(payload);
      await expect(mock.trigger('No.such')).rejects.toThrow(/no webhook event "No.such"; its events: /);
      // Data given to a trigger is merged over the payload, and must still match the webhook's schema.
      const key = Object.keys(payload as object)[0]!;
      const merged = received('/hooks/subscribed');
      await mock.trigger(event, { [key]: { ...(payload as Record<string, Record<string, unknown>>)[key] } });
      expect(await merged).toEqual(payload);
      await expect(mock.trigger(event, { [key]: 42 })).rejects.toThrow(new RegExp(`payload would not match the spec: \\$\\.${key} `));
    } finally {
      await mock.close();
    }
  });

  if (changing) it('vendor-apis mock <vendor> --stateful --webhook-url <url>: a create through the client delivers its event', async () => {
    const { vendor, doc, resource, hub } = changing;
    const [event] = hub.eventsOf(resource.bindings.create!);
    const port = await freePort();
    const bin = path.join(repoRoot, 'src', 'tools', 'vendor-apis.ts');
    const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [bin, 'mock', vendor.name, '--stateful', '--port', String(port), '--quiet', '--webhook-url', `${receiverUrl}/hooks/cli`], { cwd: repoRoot, detached: true });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C');
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
      const { client } = await clientFor(vendor, url);
      const arrived = received('/hooks/cli');
      const made = await create(doc, client, resource);
      expect(made.response.status).toBe(resource.bindings.create!.status);
      const payload = JSON.stringify(await arrived);
      expect(payload).toContain(`"${event}"`);
      expect(payload).toContain(JSON.stringify(made.data));
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  });

  if (changing) it('--webhook-url receives the event a create causes; a failed delivery is logged with the reason and the mock keeps serving', async () => {
    const { vendor, doc, resource, hub } = changing;
    const [event] = hub.eventsOf(resource.bindings.create!);
    const log: string[] = [];
    const closed = `http://127.0.0.1:${await freePort()}/closed`;
    const mock = await startStatefulMock(vendor, { webhookUrls: [`${receiverUrl}/hooks/changes`, `${closed}?token=s3cret-t0ken`, `${receiverUrl}/refuse/changes`], errorLog: { write: (l: string) => (log.push(l), true) } as never });
    try {
      const { client } = await clientFor(vendor, mock.url);
      const arrived = received('/hooks/changes');
      const made = await create(doc, client, resource);
      expect(made.response.status).toBe(resource.bindings.create!.status);
      const payload = JSON.stringify(await arrived);
      expect(payload).toContain(`"${event}"`);
      expect(payload).toContain(JSON.stringify(made.data));
      await mock.settled();
      expect(log.join('')).toContain(`webhook ${event} → ${closed} failed: no answer (ECONNREFUSED) (not retried)`);
      expect(log.join('')).toMatch(/refuse\/changes failed: the receiver answered 500 \(not retried\)/);
      expect(log.join('')).not.toContain('s3cret-t0ken'); // a receiver URL's query may carry a key: never logged
      expect((await read(doc, client, resource, made.id)).response.status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
