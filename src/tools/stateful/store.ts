// The stateful mock's memory: per resource, per parent item, the stored items in creation
// order. It starts from the documented examples (and a seed file), `reset()` goes back to that
// start, and each resource holds at most MAX_ITEMS items: a create beyond that is answered
// 507 (see server.ts), nothing is evicted. Every mock has its own Store: two mocks never share.
import { randomUUID } from 'node:crypto';
import type { Resource, ResourceModel } from './model.js';
import { dig } from './model.js';
import { isObj, type Obj } from './schemas.js';

/** Items a resource keeps (across all its parents); the bench measures memory at this many. */
export const MAX_ITEMS = 10_000;
/** Page size of a list whose request names no limit. */
export const DEFAULT_PAGE_SIZE = 20;

export interface Item {
  /** The id as a string: the key in its collection. */
  key: string;
  /** Everything known of the item: what was sent, server fields, documented values. */
  data: Obj;
  seq: number;
  /** Shaped answers by view (schema pointer), dropped when the item changes. */
  views: Map<string, unknown>;
}

class Collection {
  readonly items = new Map<string, Item>();
  /** Creation order; deleted items are dropped lazily (see `ordered`). */
  private order: Item[] = [];
  private holes = 0;
  version = 0;

  add(item: Item): void {
    this.items.set(item.key, item);
    this.order.push(item);
    this.version++;
  }

  remove(key: string): Item | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    this.items.delete(key);
    this.holes++;
    this.version++;
    return item;
  }

  ordered(): Item[] {
    if (this.holes > 0) {
      this.order = this.order.filter((item) => this.items.get(item.key) === item);
      this.holes = 0;
    }
    return this.order;
  }
}

export interface StartItem {
  resource: Resource;
  parentKey: string;
  data: Obj;
}

export class StoreFullError extends Error {
  constructor(readonly resource: Resource, readonly cap: number) {
    super(`${resource.name} holds ${cap} items, the most this mock keeps per resource: delete some, or POST /__mock/reset`);
  }
}

export class Store {
  private collections = new Map<Resource, Map<string, Collection>>();
  private counts = new Map<Resource, number>();
  private nextInt = new Map<Resource, number>();
  private seq = 0;
  private lastTime = 0;

  constructor(
    readonly model: ResourceModel,
    private readonly start: StartItem[],
    readonly cap = MAX_ITEMS,
  ) {
    this.reset();
  }

  /** Back to the start state: the documented examples and the seed file. */
  reset(): void {
    this.collections = new Map();
    this.counts = new Map();
    this.nextInt = new Map();
    for (const s of this.start) this.insert(s.resource, s.parentKey, structuredClone(s.data), true);
  }

  collection(resource: Resource, parentKey: string): Collection | undefined {
    return this.collections.get(resource)?.get(parentKey);
  }

  get(resource: Resource, parentKey: string, key: string): Item | undefined {
    return this.collection(resource, parentKey)?.items.get(key);
  }

  /** Every item of a resource, under every parent. */
  *all(resource: Resource): Generator<Item> {
    for (const collection of this.collections.get(resource)?.values() ?? []) yield* collection.ordered();
  }

  /** The most recently stored item of a resource. */
  newest(resource: Resource): Item | undefined {
    let best: Item | undefined;
    for (const item of this.all(resource)) if (!best || item.seq > best.seq) best = item;
    return best;
  }

  count(resource: Resource): number {
    return this.counts.get(resource) ?? 0;
  }

  insert(resource: Resource, parentKey: string, data: Obj, fromStart = false): Item {
    if (!fromStart && this.count(resource) >= this.cap) throw new StoreFullError(resource, this.cap);
    const id = data[resource.idField];
    const key = String(id);
    if (typeof id === 'number' || /^\d+$/.test(key)) this.nextInt.set(resource, Math.max(this.nextInt.get(resource) ?? 1, Number(key) + 1));
    let parents = this.collections.get(resource);
    if (!parents) this.collections.set(resource, (parents = new Map()));
    let collection = parents.get(parentKey);
    if (!collection) parents.set(parentKey, (collection = new Collection()));
    if (collection.items.has(key)) {
      // A documented item seen in several examples: one item with everything they show.
      const existing = collection.items.get(key)!;
      Object.assign(existing.data, data);
      existing.views.clear();
      return existing;
    }
    const item: Item = { key, data, seq: ++this.seq, views: new Map() };
    collection.add(item);
    this.counts.set(resource, this.count(resource) + 1);
    return item;
  }

  update(resource: Resource, parentKey: string, item: Item, changes: Obj): void {
    for (const [name, value] of Object.entries(changes)) if (name !== resource.idField) item.data[name] = value;
    item.views.clear();
    const collection = this.collection(resource, parentKey);
    if (collection) collection.version++;
  }

  /** Deletes an item and, recursively, its children's items under it. */
  delete(resource: Resource, parentKey: string, key: string): boolean {
    const collection = this.collection(resource, parentKey);
    if (!collection?.remove(key)) return false;
    this.counts.set(resource, this.count(resource) - 1);
    for (const child of resource.children) {
      const under = this.collections.get(child)?.get(key);
      if (!under) continue;
      for (const item of [...under.items.keys()]) this.delete(child, key, item);
      this.collections.get(child)!.delete(key);
    }
    return true;
  }

  /**
   * A new id for a resource: the first of the next integer, a uuid, a uuid's hex digits and
   * the next integer as a string that satisfies the id field's schema in every view and every
   * parameter that takes the id back (a plain string id read back through a `format: uuid` path).
   */
  newId(resource: Resource): unknown {
    const next = this.nextInt.get(resource) ?? 1;
    const uuid = randomUUID();
    const candidates: unknown[] = [next, uuid, uuid.replace(/-/g, ''), String(next)];
    const { schemas } = this.model;
    const fits = (value: unknown) =>
      resource.idSchemas.field.every((p) => schemas.valid(p, value)) && resource.idSchemas.params.every((p) => schemas.validParam(p, String(value)));
    const id = candidates.find(fits) ?? uuid;
    if (typeof id === 'number' || id === String(next)) this.nextInt.set(resource, next + 1);
    return id;
  }

  /** Now, as an ISO date-time, strictly after the last one this store handed out (so time cursors never tie). */
  now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }
}

/**
 * The start state from the documented examples: each list example's items, and the examples of
 * reads, creates and updates that carry an id. A sub-resource's examples belong to the parent
 * its path parameter's example names, else to the parent's first documented item.
 */
export function documentedItems(model: ResourceModel): StartItem[] {
  const out: StartItem[] = [];
  const firstKey = new Map<Resource, string>();
  const ordered = [...model.resources].sort((a, b) => depth(a) - depth(b));
  for (const resource of ordered) {
    for (const binding of Object.values(resource.bindings)) {
      if (binding.action === 'delete') continue;
      const values = allExamples(model, binding.op.pointer, binding.op.operation);
      for (const value of values) {
        const items = binding.action === 'list' ? listItems(value, binding.pagination?.items ?? '.') : [value];
        for (const item of items) {
          if (!isObj(item) || item[resource.idField] === undefined || item[resource.idField] === null) continue;
          let parentKey = '';
          if (resource.parent) {
            const param = binding.op.parameters.find((p) => p.in === 'path' && p.name === resource.parent!.param);
            const documented = param?.example ?? param?.schema?.examples?.[0];
            const known = documented !== undefined && out.some((s) => s.resource === resource.parent!.resource && String(s.data[s.resource.idField]) === String(documented));
            const fallback = firstKey.get(resource.parent.resource);
            if (known) parentKey = String(documented);
            else if (fallback !== undefined) parentKey = fallback;
            else continue;
          }
          if (!firstKey.has(resource)) firstKey.set(resource, String(item[resource.idField]));
          out.push({ resource, parentKey, data: structuredClone(item) });
        }
      }
    }
  }
  return out;
}

function depth(resource: Resource): number {
  return resource.parent ? 1 + depth(resource.parent.resource) : 0;
}

function listItems(value: unknown, items: string): unknown[] {
  const list = dig(value, items);
  return Array.isArray(list) ? list : [];
}

function allExamples(model: ResourceModel, _pointer: string, operation: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  for (const [code, raw] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(code)) continue;
    const response = derefIn(model, raw);
    for (const media of Object.values((response?.content ?? {}) as Record<string, Obj>)) {
      for (const example of Object.values((media.examples ?? {}) as Record<string, unknown>)) out.push((derefIn(model, example) as Obj | undefined)?.value);
    }
  }
  return out;
}

function derefIn(model: ResourceModel, node: unknown): Obj | undefined {
  let current = node as Obj | undefined;
  while (current && typeof current.$ref === 'string') {
    current = String(current.$ref)
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Obj | undefined>((n, k) => (n as Obj | undefined)?.[k] as Obj | undefined, model.doc);
  }
  return current;
}
