// One stateful answer: a request that Prism has already routed, authenticated and validated,
// answered from the store for the binding's action. Every answer built here is validated
// against the operation's response schema before it leaves; one that would break the spec is a
// mock bug and becomes a 500 naming the violations.
import type { Binding, Resource, ResourceModel } from './model.js';
import { dig } from './model.js';
import { isObj, type Obj } from './schemas.js';
import { DEFAULT_PAGE_SIZE, StoreFullError, type Item, type Store } from './store.js';

export interface StatefulRequest {
  method: string;
  /** Path as served (no server prefix), e.g. /groups/12/members/. */
  path: string;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Origin the client used, for next links: http://127.0.0.1:4010 */
  origin: string;
}

export interface StatefulResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** A change an answer made, for the webhooks (created, updated, deleted items). */
export interface Change {
  kind: 'created' | 'updated' | 'deleted';
  resource: Resource;
  item: Item;
  parentKey: string;
  binding: Binding;
}

export class StatefulHandler {
  /** Called after each answer that changed the store. */
  onChange?: (change: Change) => void;
  /** Where an off-spec answer is reported (besides its 500). */
  onBug: (message: string) => void = (message) => process.stderr.write(`${message}\n`);

  constructor(
    readonly model: ResourceModel,
    readonly store: Store,
  ) {}

  handle(binding: Binding, request: StatefulRequest): StatefulResponse {
    const match = binding.pathPattern.exec(request.path);
    const params: Record<string, string> = {};
    binding.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(match?.[i + 1] ?? '')));
    const { resource } = binding;
    const parentKey = resource.parent ? params[resource.parent.param] ?? '' : '';
    if (resource.parent && !this.parentExists(resource, params)) return this.notFound(binding, `${resource.parent.resource.name} ${parentKey}`);
    try {
      switch (binding.action) {
        case 'list':
          return this.list(binding, resource, parentKey, request);
        case 'create':
          return this.create(binding, resource, parentKey, request);
        case 'read':
        case 'update':
        case 'delete':
          return this.item(binding, resource, parentKey, params, request);
      }
    } catch (error) {
      if (error instanceof StoreFullError) {
        return { statusCode: 507, headers: { 'content-type': 'application/problem+json' }, body: { title: 'Stateful mock: resource full', status: 507, detail: error.message } };
      }
      throw error;
    }
  }

  private parentExists(resource: Resource, params: Record<string, string>): boolean {
    const parent = resource.parent;
    if (!parent) return true;
    const grand = parent.resource.parent;
    const grandKey = grand ? params[grand.param] ?? '' : '';
    return this.parentExists(parent.resource, params) && this.store.get(parent.resource, grandKey, params[parent.param] ?? '') !== undefined;
  }

  private list(binding: Binding, resource: Resource, parentKey: string, request: StatefulRequest): StatefulResponse {
    let items = this.store.collection(resource, parentKey)?.ordered() ?? [];
    for (const filter of binding.filters) {
      const wanted = first(request.query[filter.param]);
      if (wanted === undefined) continue;
      items = items.filter((item) => {
        const value = item.data[filter.field];
        if (value === undefined || value === null || typeof value === 'object') return false;
        return filter.kind === 'equals' ? String(value) === wanted : String(value).includes(wanted);
      });
    }
    const spec = binding.pagination;
    const limitParam = spec && ('limitParam' in spec ? spec.limitParam : 'perPageParam' in spec ? spec.perPageParam : undefined);
    const asked = limitParam ? Number(first(request.query[limitParam])) : NaN;
    const size = Number.isInteger(asked) && asked > 0 ? asked : DEFAULT_PAGE_SIZE;
    let page: Item[] = items;
    const overrides: Array<[string, unknown]> = [];
    const link = (query: Record<string, string>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query)) if (v !== undefined && !(k in query)) params.set(k, first(v)!);
      for (const [k, v] of Object.entries(query)) params.set(k, v);
      return `${request.origin}${request.path}?${params}`;
    };
    if (spec) {
      switch (spec.style) {
        case 'next-url': {
          const number = Math.max(1, Number(first(request.query.page)) || 1);
          page = items.slice((number - 1) * size, number * size);
          overrides.push([spec.next, number * size < items.length ? link({ page: String(number + 1) }) : null]);
          break;
        }
        case 'offset': {
          const offset = Math.max(0, Number(first(request.query[spec.offsetParam])) || 0);
          page = items.slice(offset, offset + size);
          break;
        }
        case 'cursor': {
          const cursor = first(request.query[spec.cursorParam]);
          const start = cursor === undefined ? 0 : this.position(resource, parentKey, items, binding.filters.length > 0, spec.cursorFrom, cursor) + 1;
          page = start === 0 && cursor !== undefined ? [] : items.slice(start, start + size);
          const more = start + size < items.length && page.length > 0;
          if (spec.next) overrides.push([spec.next, more ? link({ [spec.cursorParam]: String(page.at(-1)!.data[spec.cursorFrom]), ...(limitParam ? { [limitParam]: String(size) } : {}) }) : null]);
          break;
        }
        case 'page': {
          const number = Math.max(1, Number(first(request.query[spec.pageParam])) || 1);
          page = items.slice((number - 1) * size, number * size);
          if (spec.totalPages) overrides.push([spec.totalPages, Math.max(1, Math.ceil(items.length / size))]);
          break;
        }
        case 'time': {
          const before = Date.parse(first(request.query[spec.cursorParam]) ?? '');
          const timeOf = (item: Item) => Date.parse(String(item.data[spec.cursorFrom]));
          const sorted = this.newestFirst(resource, parentKey, items, binding.filters.length > 0, timeOf);
          const start = Number.isNaN(before) ? 0 : firstBefore(sorted, before, timeOf);
          page = sorted.slice(start, start + size);
          break;
        }
      }
    }
    const views = page.map((item) => this.view(binding, item));
    const body = !spec || spec.items === '.' ? views : this.envelope(binding, spec.items, views, overrides);
    return this.answer(binding, binding.status, body);
  }

  /** Index of the item whose `field` is `value` (-1 if none); one map per change of the collection, so a paged walk is linear. */
  private positions = new WeakMap<object, { version: number; field: string; index: Map<string, number> }>();
  private position(resource: Resource, parentKey: string, items: Item[], filtered: boolean, field: string, value: string): number {
    const collection = this.store.collection(resource, parentKey);
    if (filtered || !collection) return items.findIndex((item) => String(item.data[field]) === value);
    let hit = this.positions.get(collection);
    if (hit?.version !== collection.version || hit.field !== field) {
      hit = { version: collection.version, field, index: new Map(items.map((item, i) => [String(item.data[field]), i])) };
      this.positions.set(collection, hit);
    }
    return hit.index.get(value) ?? -1;
  }

  /** Items newest first by a time cursor; sorted once per change of the collection, so a paged walk is linear. */
  private sortedCache = new WeakMap<object, { version: number; sorted: Item[] }>();
  private newestFirst(resource: Resource, parentKey: string, items: Item[], filtered: boolean, timeOf: (item: Item) => number): Item[] {
    const sort = (list: Item[]) => [...list].sort((a, b) => timeOf(b) - timeOf(a) || b.seq - a.seq);
    const collection = this.store.collection(resource, parentKey);
    if (filtered || !collection) return sort(items);
    const hit = this.sortedCache.get(collection);
    if (hit?.version === collection.version) return hit.sorted;
    const sorted = sort(items);
    this.sortedCache.set(collection, { version: collection.version, sorted });
    return sorted;
  }

  /** The documented list body with its items (and next link, page count) replaced. */
  private envelope(binding: Binding, itemsPath: string, views: unknown[], overrides: Array<[string, unknown]>): unknown {
    const body = structuredClone(isObj(binding.template) ? binding.template : (this.model.schemas.shape(binding.schema!, {}, undefined) as Obj));
    setPath(body, itemsPath, views);
    for (const [path, value] of overrides) setPath(body, path, value);
    return body;
  }

  private create(binding: Binding, resource: Resource, parentKey: string, request: StatefulRequest): StatefulResponse {
    const sent = isObj(request.body) ? structuredClone(request.body) : {};
    const data: Obj = {};
    // An id sent under the item path's parameter name (`user_id` for /members/{user_id}) names the item.
    const named = resource.idParam !== resource.idField && sent[resource.idParam] !== undefined ? this.fittingId(resource, sent[resource.idParam]) : undefined;
    const id = named !== undefined && this.store.get(resource, parentKey, String(named)) === undefined ? named : this.store.newId(resource);
    for (const view of resource.views) {
      for (const [name, pointer] of this.model.schemas.properties(view)) {
        if (name in data || name in sent) continue;
        const { node } = this.model.schemas.resolve(pointer);
        if (node.format === 'uuid') data[name] = crypto.randomUUID();
        else if (node.format === 'date-time') data[name] = this.store.now();
      }
    }
    Object.assign(data, sent);
    data[resource.idField] = id;
    if (resource.parent) data[resource.parent.param] ??= parentKey;
    const item = this.store.insert(resource, parentKey, data);
    const answer = this.answer(binding, binding.status, binding.view ? this.view(binding, item) : binding.mediaType ? binding.template : undefined);
    if (answer.statusCode < 300) this.onChange?.({ kind: 'created', resource, item, parentKey, binding });
    else this.store.delete(resource, parentKey, item.key);
    return answer;
  }

  /** A sent id as the id field's type wants it (`1234` → `"1234"` for a string id), or undefined if it cannot fit. */
  private fittingId(resource: Resource, value: unknown): unknown {
    const { schemas } = this.model;
    return [value, String(value), Number(value)].find(
      (v) => (typeof v !== 'number' || Number.isFinite(v)) && resource.idSchemas.field.every((p) => schemas.valid(p, v)) && resource.idSchemas.params.every((p) => schemas.validParam(p, String(v))),
    );
  }

  private item(binding: Binding, resource: Resource, parentKey: string, params: Record<string, string>, request: StatefulRequest): StatefulResponse {
    const where = binding.idParam!;
    const keys = where.in === 'path' ? [params[where.name] ?? ''] : list(request.query[where.name]);
    const items = keys.map((key) => this.store.get(resource, parentKey, key));
    const missing = keys.filter((_k, i) => !items[i]);
    if (missing.length || keys.length === 0) return this.notFound(binding, `${resource.name} ${missing.join(', ')}`);
    const found = items as Item[];
    if (binding.action === 'read') return this.answer(binding, binding.status, this.view(binding, found[0]!));
    if (binding.action === 'update') {
      const item = found[0]!;
      const before = structuredClone(item.data);
      this.store.update(resource, parentKey, item, isObj(request.body) ? structuredClone(request.body) : {});
      const answer = this.answer(binding, binding.status, binding.view ? this.view(binding, item) : binding.mediaType ? binding.template : undefined);
      if (answer.statusCode >= 300) {
        item.data = before;
        item.views.clear();
      } else this.onChange?.({ kind: 'updated', resource, item, parentKey, binding });
      return answer;
    }
    const answer = this.answer(binding, binding.status, binding.mediaType ? binding.template : undefined);
    if (answer.statusCode < 300) {
      for (const item of found) {
        this.store.delete(resource, parentKey, item.key);
        this.onChange?.({ kind: 'deleted', resource, item, parentKey, binding });
      }
    }
    return answer;
  }

  private view(binding: Binding, item: Item): unknown {
    const view = binding.view;
    if (!view) return undefined;
    let shaped = item.views.get(view);
    if (shaped === undefined) {
      shaped = this.model.schemas.shape(view, item.data, binding.itemTemplate);
      item.views.set(view, shaped);
    }
    return shaped;
  }

  notFound(binding: Binding, what: string): StatefulResponse {
    const nf = binding.notFound;
    if (!nf?.documented) {
      return { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: { title: 'Not Found', status: 404, detail: `No ${what} in the stateful mock (the spec documents no not-found answer for ${binding.op.operationId}).` } };
    }
    if (!nf.mediaType) return { statusCode: nf.status, headers: {} };
    const body = nf.example !== undefined ? nf.example : this.model.schemas.shape(nf.schema!, {}, undefined);
    return this.checked(binding, nf.status, nf.mediaType, nf.schema, body);
  }

  private answer(binding: Binding, status: number, body: unknown): StatefulResponse {
    if (!binding.mediaType) return { statusCode: status, headers: {} };
    return this.checked(binding, status, binding.mediaType, binding.schema, body);
  }

  /** The answer, unless it breaks the response schema: then a loud 500 with the violations. */
  private checked(binding: Binding, status: number, mediaType: string, schema: string | undefined, body: unknown): StatefulResponse {
    const violations = schema ? this.model.schemas.violations(schema, body) : [];
    if (violations.length === 0) return { statusCode: status, headers: { 'content-type': mediaType }, body };
    const detail = `the stateful answer of ${binding.op.operationId} (${status}) would violate its response schema: ${violations
      .slice(0, 5)
      .map((v) => `${v.path} ${v.message}`)
      .join('; ')}${violations.length > 5 ? ` (+${violations.length - 5} more)` : ''}`;
    this.onBug(`stateful mock bug: ${detail}`);
    return { statusCode: 500, headers: { 'content-type': 'application/problem+json' }, body: { title: 'Stateful mock bug: off-spec answer', status: 500, detail, violations } };
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter(Boolean);
}

function setPath(body: Obj, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Obj = body;
  for (const key of keys.slice(0, -1)) {
    if (!isObj(node[key])) node[key] = {};
    node = node[key] as Obj;
  }
  node[keys.at(-1)!] = value;
}

/** Index of the first item (newest first) strictly older than `before`. */
function firstBefore(sorted: Item[], before: number, timeOf: (item: Item) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(sorted[mid]!) >= before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { dig };
