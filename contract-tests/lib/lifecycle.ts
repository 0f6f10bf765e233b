// The stateful lifecycle of every derived resource, driven through a vendor's generated client
// against a running stateful mock (in-process, or `vendor-apis mock --stateful` from the packed
// package): create; read (what was sent, plus the server fields); list across more than one
// page; update; read shows the change; delete; read gives not-found; list no longer shows it.
// A resource without one of the actions skips its steps. The requests come from the spec (the
// documented request examples, else minimal valid values); nothing here names a vendor.
import { deref, type Doc } from '../../src/spec/openapi.js';
import { sampleParams, sampleValue } from '../../src/spec/samples.js';
import type { Binding, Resource, ResourceModel } from '../../src/tools/stateful/model.js';
import { createSchemaValidator, type SchemaValidator } from '../../src/spec/schema-validator.js';
import { DEFAULT_PAGE_SIZE, documentedItems } from '../../src/tools/stateful/store.js';

type AnyClient = {
  request(method: string, path: string, init?: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  pages(path: string, init?: object, walk?: object): AsyncGenerator<{ items: unknown[]; body: unknown; response: Response }>;
};

export interface LifecycleReport {
  resource: string;
  steps: string[];
  problems: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function runLifecycle(doc: Doc, model: ResourceModel, client: AnyClient, resource: Resource): Promise<LifecycleReport> {
  const validator = validatorOf(doc);
  const report: LifecycleReport = { resource: resource.name, steps: [], problems: [] };
  const fail = (message: string) => report.problems.push(message);
  const b = resource.bindings;
  try {
    const parentPath = await parentParams(doc, model, client, resource);
    if (typeof parentPath === 'string') return fail(parentPath), report;
    const call = async (binding: Binding, init: { path?: Obj; query?: Obj; body?: unknown }) => {
      const sample = sampleParams(doc, binding.op);
      const query = { ...sample.query, ...timeQuery(binding), ...init.query };
      const path = { ...sample.path, ...parentPath, ...init.path };
      const result = await client.request(binding.op.method, binding.op.key, {
        params: { path, query },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const violations = result.response.headers.get('sl-violations');
      // A not-found the spec does not document is answered 404 anyway (--explain says so): Prism warns about that status only.
      const undocumented = binding.notFound && !binding.notFound.documented && result.response.status === 404 && /Unable to match the returned status code/.test(violations ?? '') && JSON.parse(violations!).length === 1;
      if (violations && !undocumented) fail(`${binding.op.operationId} → ${result.response.status} with sl-violations ${violations}`);
      return result;
    };
    const listAll = async (pageSize?: number) => {
      const list = b.list!;
      const ids: string[] = [];
      const items: Obj[] = [];
      let pages = 0;
      const sizeParam = list.pagination && ('limitParam' in list.pagination ? list.pagination.limitParam : 'perPageParam' in list.pagination ? list.pagination.perPageParam : undefined);
      const query = { ...sampleParams(doc, list.op).query, ...timeQuery(list), ...(sizeParam && pageSize ? { [sizeParam]: pageSize } : {}) };
      if (list.pagination) {
        for await (const page of client.pages(list.op.key, { params: { path: parentPath, query } }, { maxPages: 1000 })) {
          pages++;
          if (page.response.headers.get('sl-violations')) fail(`${list.op.operationId} page ${pages}: sl-violations ${page.response.headers.get('sl-violations')}`);
          for (const item of page.items as Obj[]) (ids.push(String(item[resource.idField])), items.push(item));
        }
      } else {
        const { data, response } = await call(list, {});
        if (response.status !== list.status) fail(`${list.op.operationId} → ${response.status}, expected ${list.status}`);
        pages = 1;
        for (const item of (data as Obj[]) ?? []) (ids.push(String(item[resource.idField])), items.push(item));
      }
      return { ids, items, pages };
    };

    // create
    let id: string | undefined;
    let sent: Obj = {};
    const before = b.list ? new Set((await listAll()).ids) : new Set<string>();
    if (b.create) {
      sent = createBody(doc, b.create);
      const { data, response } = await call(b.create, { body: sent });
      report.steps.push('create');
      if (response.status !== b.create.status) return fail(`${b.create.op.operationId} → ${response.status} ${JSON.stringify(data ?? '').slice(0, 300)}`), report;
      if (isObj(data) && data[resource.idField] !== undefined) id = String(data[resource.idField]);
      else if (b.list) id = (await listAll()).ids.find((i) => !before.has(i));
      if (id === undefined) return fail(`${b.create.op.operationId}: no id in the answer, and no new item in the list`), report;
    } else if (b.list) {
      id = [...before][0]; // a documented item: the store starts from the examples
      if (id === undefined) return fail('no create, and the list is empty'), report;
    } else return fail('neither create nor list'), report;

    const readItem = async (): Promise<{ status: number; item?: Obj }> => {
      if (b.read) {
        const { data, response } = await call(b.read, { path: { [b.read.idParam!.name]: id } });
        return { status: response.status, ...(isObj(data) ? { item: data } : {}) };
      }
      const { ids, items } = await listAll();
      const i = ids.indexOf(id!);
      return { status: i >= 0 ? 200 : 404, ...(i >= 0 ? { item: items[i]! } : {}) };
    };

    // read: what was sent, plus the server fields
    if (b.read || b.list) {
      const { status, item } = await readItem();
      report.steps.push(b.read ? 'read' : 'read (through the list)');
      if (status !== (b.read?.status ?? 200) || !item) fail(`read ${id} → ${status}`);
      else {
        if (String(item[resource.idField]) !== id) fail(`read ${id}: ${resource.idField} is ${String(item[resource.idField])}`);
        if (b.create) {
          // What was sent, where the read view can hold it (a request's `privacy: 5` is not the answer's `privacy: "public"`).
          const view = (b.read ?? b.list)!.view!;
          const props = model.schemas.properties(view);
          const checked = Object.keys(sent).filter((k) => k in item && props.has(k) && validator.validate(props.get(k)!, sent[k]).length === 0 && k !== resource.idField && k !== resource.idParam);
          for (const k of checked) if (JSON.stringify(item[k]) !== JSON.stringify(sent[k])) fail(`read ${id}: ${k} is ${JSON.stringify(item[k])}, sent ${JSON.stringify(sent[k])}`);
          report.steps.push(`  sent fields read back: ${checked.join(', ') || '(none in this view)'}`);
        }
      }
    }

    // list: contains the item, across more than one page once enough items exist
    if (b.list) {
      const paged = !!b.list.pagination;
      const sizeParam = b.list.pagination && ('limitParam' in b.list.pagination ? b.list.pagination.limitParam : 'perPageParam' in b.list.pagination ? b.list.pagination.perPageParam : undefined);
      const pageSize = sizeParam ? 2 : DEFAULT_PAGE_SIZE;
      if (paged && b.create) {
        const count = (await listAll(pageSize)).ids.length;
        for (let i = count; i <= pageSize; i++) {
          const { response } = await call(b.create, { body: createBody(doc, b.create) });
          if (response.status !== b.create.status) fail(`extra ${b.create.op.operationId} → ${response.status}`);
        }
      }
      const { ids, pages } = await listAll(pageSize);
      report.steps.push(`list (${ids.length} items, ${pages} page${pages === 1 ? '' : 's'})`);
      if (!ids.includes(id)) fail(`list: ${id} missing from ${ids.length} items`);
      if (new Set(ids).size !== ids.length) fail(`list: an item repeats across pages (${ids.join(', ')})`);
      if (paged && ids.length > pageSize && pages < 2) fail(`list: ${ids.length} items in ${pages} page`);
    }

    // update, then read shows the change
    if (b.update) {
      const { body, changed } = updateBody(doc, b.update, id, new Set(model.schemas.properties((b.read ?? b.list ?? b.update).view ?? b.update.view ?? '').keys()));
      const { data, response } = await call(b.update, { path: { [b.update.idParam!.name]: id }, body });
      report.steps.push(`update (${changed.join('.') || 'documented body'})`);
      if (response.status !== b.update.status) fail(`${b.update.op.operationId} → ${response.status} ${JSON.stringify(data ?? '').slice(0, 300)}`);
      else if (changed.length && (b.read || b.list)) {
        const { item } = await readItem();
        const got = changed.reduce<unknown>((n, k) => (isObj(n) ? n[k] : undefined), item);
        const want = changed.reduce<unknown>((n, k) => (isObj(n) ? n[k] : undefined), body);
        if (got === undefined) report.steps.push(`  ${changed.join('.')} is not part of the read view`);
        else if (JSON.stringify(got) !== JSON.stringify(want)) fail(`read after update: ${changed.join('.')} is ${JSON.stringify(got)}, updated to ${JSON.stringify(want)}`);
        else report.steps.push('read shows the change');
      }
    }

    // delete, then not-found and gone from the list
    if (b.delete) {
      const where = b.delete.idParam!;
      const { data, response } = await call(b.delete, where.in === 'path' ? { path: { [where.name]: id } } : { query: { [where.name]: [id] } });
      report.steps.push('delete');
      if (response.status !== b.delete.status) return fail(`${b.delete.op.operationId} → ${response.status} ${JSON.stringify(data ?? '').slice(0, 300)}`), report;
      if (b.read) {
        const { status } = await readItem();
        report.steps.push(`read after delete → ${status}`);
        if (status !== (b.read.notFound?.status ?? 404)) fail(`read after delete → ${status}`);
      }
      if (b.list) {
        const { ids } = await listAll();
        report.steps.push('list no longer shows it');
        if (ids.includes(id)) fail('list still shows the deleted item');
      }
      const again = await call(b.delete, where.in === 'path' ? { path: { [where.name]: id } } : { query: { [where.name]: [id] } });
      if (again.response.status !== (b.delete.notFound?.status ?? 404)) fail(`second delete → ${again.response.status}`);
    }
  } catch (error) {
    fail(`threw ${(error as Error).stack ?? String(error)}`);
  }
  return report;
}

/** Path parameters naming a parent item: a new one where the parent has a create, else its first listed one. */
async function parentParams(doc: Doc, model: ResourceModel, client: AnyClient, resource: Resource): Promise<Obj | string> {
  if (!resource.parent) return {};
  const parent = resource.parent.resource;
  const above = await parentParams(doc, model, client, parent);
  if (typeof above === 'string') return above;
  let id: unknown;
  if (parent.bindings.create) {
    const body = createBody(doc, parent.bindings.create);
    const { data, response } = await client.request(parent.bindings.create.op.method, parent.bindings.create.op.key, { params: { path: above }, body });
    if (isObj(data)) id = data[parent.idField];
    if (response.status >= 300) return `parent create ${parent.bindings.create.op.operationId} → ${response.status}`;
  } else if (parent.bindings.list) {
    const list = parent.bindings.list;
    const { data } = await client.request('get', list.op.key, { params: { path: above, query: sampleParams(doc, list.op).query } });
    const items = list.pagination && list.pagination.items !== '.' ? (data as Obj)?.[list.pagination.items] : data;
    // The documented parent (the path parameter's example) holds the documented sub-items; else the first listed.
    const param = [...Object.values(resource.bindings)].flatMap((b) => b.op.parameters).find((p) => p.in === 'path' && p.name === resource.parent!.param);
    const documented = param?.example ?? param?.schema?.examples?.[0];
    const listed = Array.isArray(items) ? items.filter(isObj) : [];
    id = (listed.find((item) => documented !== undefined && String(item[parent.idField]) === String(documented)) ?? listed[0])?.[parent.idField];
  }
  if (id === undefined) return `no ${parent.name} item to hold ${resource.name} items`;
  return { ...above, [resource.parent.param]: id };
}

/** The time cursor of a time-paged list starts after everything this test creates. */
function timeQuery(binding: Binding): Obj {
  const p = binding.pagination;
  return p?.style === 'time' ? { [p.cursorParam]: new Date(Date.now() + 86_400_000).toISOString() } : {};
}

function requestSchema(doc: Doc, binding: Binding): { schema: Doc | undefined; example: unknown } {
  const body = deref(doc, binding.op.operation.requestBody);
  const media = body?.content?.['application/json'];
  const example = media?.examples ? deref(doc, Object.values(media.examples as Record<string, Doc>)[0]).value : media?.example;
  return { schema: media?.schema, example };
}

function createBody(doc: Doc, binding: Binding): Obj {
  if (binding.requestBranch) {
    // A create shared by several resources: a documented example of this binding's branch, else every property of the branch sampled.
    const validator = validatorOf(doc);
    const media = deref(doc, binding.op.operation.requestBody)?.content?.['application/json'];
    const documented = Object.values((media?.examples ?? {}) as Record<string, Doc>).map((e) => deref(doc, e).value);
    const fits = documented.find((v) => validator.validate(binding.requestBranch!, v).length === 0);
    if (fits !== undefined) return structuredClone(fits) as Obj;
    const branch = deref(doc, { $ref: `#${binding.requestBranch}` });
    return Object.fromEntries(Object.entries((branch.properties ?? {}) as Record<string, Doc>).map(([name, p]) => [name, sampleValue(doc, p)]));
  }
  const { schema, example } = requestSchema(doc, binding);
  const value = example !== undefined ? structuredClone(example) : schema ? sampleValue(doc, schema) : {};
  return isObj(value) ? value : {};
}

/** The documented update body (or a minimal one) with one field changed: a plain string, a URI or an enum value. */
function updateBody(doc: Doc, binding: Binding, id: string, shown: Set<string>): { body: Obj; changed: string[] } {
  const { schema, example } = requestSchema(doc, binding);
  const body = (example !== undefined ? structuredClone(example) : schema ? sampleValue(doc, schema) : {}) as Obj;
  if (!isObj(body)) return { body: {}, changed: [] };
  const props = (s: unknown): Record<string, Doc> => {
    const node = deref(doc, s) ?? {};
    return { ...Object.assign({}, ...((node.allOf ?? []) as Doc[]).map((p) => props(p))), ...(node.properties ?? {}) };
  };
  const top = props(schema);
  if ('id' in top && body.id !== undefined) body.id = Number.isNaN(Number(id)) || typeof body.id === 'string' ? id : Number(id);
  const tryChange = (holder: Obj, properties: Record<string, Doc>, path: string[]): string[] | undefined => {
    // Fields the read (or list) answer shows first, so the change can be seen.
    const entries = Object.entries(properties).sort(([a], [b]) => Number(path.length === 0 && shown.has(b)) - Number(path.length === 0 && shown.has(a)));
    for (const [name, raw] of entries) {
      const p = deref(doc, raw) ?? {};
      if (name === 'id') continue;
      if (p.type === 'string' && !p.format && !p.enum && !p.pattern) return (holder[name] = `${typeof holder[name] === 'string' ? holder[name] : 'value'} (updated)`), [...path, name];
      if (p.type === 'string' && p.format === 'uri') return (holder[name] = 'https://example.com/updated'), [...path, name];
      if (Array.isArray(p.enum) && p.enum.length > 1 && holder[name] !== undefined) return (holder[name] = p.enum.find((v: unknown) => v !== holder[name])), [...path, name];
    }
    for (const [name, raw] of Object.entries(properties)) {
      const sub = props(raw);
      if (Object.keys(sub).length && isObj(holder[name])) {
        const changed = tryChange(holder[name] as Obj, sub, [...path, name]);
        if (changed) return changed;
      }
    }
    return undefined;
  };
  const changed = tryChange(body, top, []) ?? [];
  return { body, changed };
}

const validators = new WeakMap<Doc, SchemaValidator>();
function validatorOf(doc: Doc): SchemaValidator {
  let v = validators.get(doc);
  if (!v) validators.set(doc, (v = createSchemaValidator(doc)));
  return v;
}

/**
 * Seed data for the lifecycle: one item for each top-level resource without a create whose
 * documented items all have ids its own paths cannot take back (a documented `"id": "string"`
 * where the path wants a uuid); the seed loader gives it a fitting id.
 */
export function lifecycleSeed(model: ResourceModel): Record<string, unknown[]> {
  const seed: Record<string, unknown[]> = {};
  const documented = documentedItems(model);
  for (const r of model.resources) {
    if (r.parent || r.bindings.create) continue;
    const usable = documented.some((s) => s.resource === r && r.idSchemas.params.every((p) => model.schemas.validParam(p, String(s.data[r.idField]))));
    if (!usable) seed[r.name] = [{}];
  }
  return seed;
}
