// Webhooks of the stateful mock, from the spec's top-level `webhooks`:
// - events: each webhook's name (`Group.created`), or, where a webhook's payload holds a list of
//   notifications told apart by a `const` property (`topic: user.created`), each of those values;
// - subscribers: every `--webhook-url`, and the items of a stateful resource whose items hold a
//   `format: uri` property and a property whose enum lists event names (a subscription made
//   through the vendor's own API: `target` + `event`);
// - triggers: a create, update or delete answered by the stateful mock fires
//   `<item>.<created|updated|deleted>` where such an event exists (`user.created` after POST
//   /users/), or the events its operation's `x-stateful.events` lists; `trigger(event, data)`
//   and `POST /__mock/trigger/<event>` fire any event by hand;
// - deliveries: POST with `content-type: application/json`, like `vendor-apis webhook send`;
//   the payload is validated against the webhook's schema first; a failed delivery (no
//   receiver, non-2xx) is logged with the reason and never retried: neither vendor documents
//   retries.
import { deliver } from '../webhook/send.js';
import type { Vendor } from '../../spec/project.js';
import { escapePointer, isJsonMediaType, listOperations, mediaExamples } from '../../spec/openapi.js';
import type { Change } from './handler.js';
import { dig, type Binding, type Resource, type ResourceModel } from './model.js';
import { isObj, type Obj } from './schemas.js';
import type { Item, Store } from './store.js';

export interface Delivery {
  event: string;
  url: string;
  /** The receiver's status; undefined when it could not be reached. */
  status?: number;
  ok: boolean;
  error?: string;
  body: unknown;
}

interface EventDef {
  name: string;
  webhook: string;
  /** Schema of the delivery body. */
  schema: string;
  template: unknown;
  /** For a notification inside a list: the array's dotted path, the branch schema and its discriminating property. */
  notification?: { arrayPath: string; branch: string; property: string; itemProperty?: string; itemView?: string };
  /** A property of the payload holding an item of a stateful resource (same schema). */
  itemProperty?: string;
  itemView?: string;
}

interface HubOptions {
  urls: string[];
  log: (line: string) => void;
  onDelivery?: (delivery: Delivery) => void;
  /** Per delivery, in ms (default 10 s). */
  timeoutMs?: number;
}

export class WebhookHub {
  readonly events: EventDef[];
  /** Resource whose items are subscriptions: `{ url field, event field }`. */
  readonly subscriptions?: { resource: Resource; urlField: string; eventField: string };
  private pending = new Set<Promise<unknown>>();

  constructor(
    readonly vendor: Vendor,
    readonly model: ResourceModel,
    readonly store: Store,
    readonly options: HubOptions,
  ) {
    this.events = catalogue(model);
    const names = new Set(this.events.map((e) => e.name));
    for (const resource of model.resources) {
      for (const view of resource.views) {
        let urlField: string | undefined;
        let eventField: string | undefined;
        for (const [name, pointer] of model.schemas.properties(view)) {
          const { node } = model.schemas.resolve(pointer);
          if (node.format === 'uri') urlField ??= name;
          if (Array.isArray(node.enum) && node.enum.length && node.enum.every((v: unknown) => names.has(String(v)))) eventField ??= name;
        }
        if (urlField && eventField && !this.subscriptions) this.subscriptions = { resource, urlField, eventField };
      }
    }
  }

  /** What `--explain` prints about webhooks. */
  describe(): string[] {
    if (this.events.length === 0) return [];
    const lines = [`webhook events: ${this.events.map((e) => e.name).join(', ')}`];
    lines.push(
      this.subscriptions
        ? `  subscribers: the ${this.subscriptions.resource.name} items (url "${this.subscriptions.urlField}", event "${this.subscriptions.eventField}"), and every --webhook-url`
        : '  subscribers: every --webhook-url (the spec has no subscription resource)',
    );
    for (const resource of this.model.resources) {
      for (const binding of Object.values(resource.bindings)) {
        const fired = this.eventsOf(binding);
        if (fired.length) lines.push(`  ${binding.op.operationId} fires ${fired.join(', ')}`);
      }
    }
    lines.push('  deliveries: POST application/json, validated against the webhook schema; a failure is logged, never retried (no vendor documents retries)');
    return lines;
  }

  onChange(change: Change): void {
    const fired = this.eventsOf(change.binding);
    for (const event of fired) this.track(this.deliver(event, this.build(this.events.find((e) => e.name === event)!, change.item, change.binding.view)));
  }

  /** Delivers an event on demand; data, if given, is merged over the built payload. */
  async trigger(event: string, data?: unknown): Promise<Delivery[]> {
    const def = this.events.find((e) => e.name.toLowerCase() === event.toLowerCase());
    if (!def) {
      throw new Error(
        this.events.length ? `${this.vendor.name} has no webhook event "${event}"; its events: ${this.events.map((e) => e.name).join(', ')}` : `${this.vendor.name} documents no webhooks`,
      );
    }
    let body = this.build(def);
    if (data !== undefined) body = isObj(body) && isObj(data) ? merge(body, data) : data;
    const violations = this.model.schemas.violations(def.schema, body);
    if (violations.length) throw new Error(`the ${def.name} payload would not match the spec: ${violations.slice(0, 3).map((v) => `${v.path} ${v.message}`).join('; ')}`);
    return this.track(this.deliver(def.name, body));
  }

  settled(): Promise<void> {
    return Promise.allSettled([...this.pending]).then(() => (this.pending.size ? this.settled() : undefined));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
    return promise;
  }

  /** Events a binding fires: its operation's `x-stateful.events`, else `<item>.<created|updated|deleted>` if documented. */
  eventsOf(binding: Binding): string[] {
    const listed = (binding.op.operation['x-stateful'] as { events?: string[] } | undefined)?.events;
    if (listed) return listed.filter((e) => this.events.some((d) => d.name === e));
    const kind = { create: 'created', update: 'updated', delete: 'deleted' }[binding.action as string];
    if (!kind) return [];
    const segment = binding.resource.name.split('/').filter((s) => s && !s.startsWith('{')).at(-1) ?? '';
    const singular = segment.replace(/ies$/, 'y').replace(/s$/, '');
    return this.events.filter((e) => e.name.toLowerCase() === `${singular}.${kind}`.toLowerCase()).map((e) => e.name);
  }

  /**
   * The delivery body: the documented example with an item in its place (the changed one, or
   * the newest stored item of the same schema), shaped as the API answers it.
   */
  private build(def: EventDef, changed?: Item, answeredAs?: string): unknown {
    const body = structuredClone(def.template);
    const view = def.notification?.itemView ?? def.itemView;
    const item = changed ?? (view ? this.newest(view) : undefined);
    const example = def.notification && isObj(body) ? this.exampleNotification(def, body) : undefined;
    const itemProperty = def.notification?.itemProperty ?? def.itemProperty;
    const exampleItem = itemProperty ? (isObj(example) ? example : isObj(body) ? body : {})[itemProperty] : undefined;
    // The changed item exactly as the API answered it, when that answer has the webhook's item schema.
    const same = answeredAs && view && this.model.schemas.resolve(answeredAs).pointer === this.model.schemas.resolve(view).pointer ? item?.views.get(answeredAs) : undefined;
    const shapedItem = same ?? (item && view ? this.model.schemas.shape(view, item.data, exampleItem) : undefined);
    if (def.notification && isObj(body)) {
      const { arrayPath, branch, property } = def.notification;
      const record: Obj = { ...(isObj(example) ? example : {}), [property]: def.name, ...(itemProperty && shapedItem !== undefined ? { [itemProperty]: shapedItem } : {}) };
      set(body, arrayPath, [this.model.schemas.shape(branch, record, example)]);
      return body;
    }
    if (itemProperty && shapedItem !== undefined && isObj(body)) body[itemProperty] = shapedItem;
    return body;
  }

  private exampleNotification(def: EventDef, body: Obj): unknown {
    const list = dig(body, def.notification!.arrayPath);
    return Array.isArray(list) ? (list.find((n) => isObj(n) && n[def.notification!.property] === def.name) ?? list[0]) : undefined;
  }

  private newest(view: string): Item | undefined {
    for (const resource of this.model.resources) {
      if (!resource.views.includes(view)) continue;
      const item = this.store.newest(resource);
      if (item) return item;
    }
    return undefined;
  }

  private async deliver(event: string, body: unknown): Promise<Delivery[]> {
    const def = this.events.find((e) => e.name === event)!;
    const violations = this.model.schemas.violations(def.schema, body);
    if (violations.length) {
      this.options.log(`stateful mock bug: the ${event} delivery would violate its schema (${violations[0]!.path} ${violations[0]!.message}); not sent`);
      return [];
    }
    const targets = new Set(this.options.urls);
    const subs = this.subscriptions;
    if (subs) for (const item of this.store.all(subs.resource)) if (String(item.data[subs.eventField]) === event || String(item.data[subs.eventField]) === def.webhook) targets.add(String(item.data[subs.urlField]));
    return Promise.all([...targets].map((url) => this.post(event, url, body)));
  }

  private async post(event: string, url: string, body: unknown): Promise<Delivery> {
    let delivery: Delivery;
    try {
      // The same delivery as `vendor-apis webhook send`: one deadline, redirects not followed.
      const answer = await deliver(url, body, this.options.timeoutMs);
      const ok = answer.status >= 200 && answer.status < 300;
      delivery = { event, url, status: answer.status, ok, body, ...(ok ? {} : { error: `the receiver answered ${answer.status}` }) };
    } catch (error) {
      delivery = { event, url, ok: false, body, error: (error as Error).message.replace(/^POST \S+: /, '').replace(/\.$/, '') };
    }
    if (!delivery.ok) this.options.log(`webhook ${event} → ${redact(url)} failed: ${delivery.error} (not retried)`);
    this.options.onDelivery?.(delivery);
    return delivery;
  }
}

/** The spec's webhook events, each with its payload schema and documented example. */
function catalogue(model: ResourceModel): EventDef[] {
  const out: EventDef[] = [];
  const { schemas, doc } = model;
  const viewOf = (pointer: string) => {
    const target = schemas.resolve(pointer).pointer;
    return model.resources.flatMap((r) => r.views).find((v) => schemas.resolve(v).pointer === target);
  };
  for (const op of listOperations(doc, 'webhooks')) {
    const media = mediaExamples(doc, op.operation.requestBody, `${op.pointer}/requestBody`).find((m) => isJsonMediaType(m.mediaType));
    if (!media) continue;
    const schema = media.examples[0]?.schemaPointer ?? `${op.pointer}/requestBody/content/${escapePointer(media.mediaType)}/schema`;
    const template = media.examples[0]?.value;
    const topics = notificationBranches(model, schema);
    if (topics.length) {
      for (const t of topics) out.push({ name: t.value, webhook: op.key, schema, template, notification: { arrayPath: t.arrayPath, branch: t.branch, property: t.property, ...itemOf(t.branch) } });
      continue;
    }
    out.push({ name: op.key, webhook: op.key, schema, template, ...itemOf(schema) });
  }
  return out;

  function itemOf(pointer: string): { itemProperty?: string; itemView?: string } {
    for (const [name, p] of schemas.properties(pointer)) {
      const view = viewOf(p);
      if (view) return { itemProperty: name, itemView: view };
    }
    return {};
  }
}

/** Array properties whose items are a oneOf of objects each with a `const` string property: one event per const. */
function notificationBranches(model: ResourceModel, schema: string): Array<{ value: string; arrayPath: string; branch: string; property: string }> {
  const out: Array<{ value: string; arrayPath: string; branch: string; property: string }> = [];
  const { schemas } = model;
  for (const [name, p] of schemas.properties(schema)) {
    const items = schemas.itemsAt(p, '.');
    if (!items) continue;
    const { pointer, node } = schemas.resolve(items);
    (node.oneOf as unknown[] | undefined)?.forEach((_b, i) => {
      const branch = `${pointer}/oneOf/${i}`;
      for (const [prop, q] of schemas.properties(branch)) {
        const value = schemas.resolve(q).node.const;
        if (typeof value === 'string') out.push({ value, arrayPath: name, branch, property: prop });
      }
    });
  }
  return out;
}

function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v;
  return out;
}

function set(body: Obj, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = body;
  for (const key of keys.slice(0, -1)) node = (isObj(node[key]) ? node[key] : (node[key] = {})) as Obj;
  node[keys.at(-1)!] = value;
}

/** A receiver URL without its query or credentials, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
