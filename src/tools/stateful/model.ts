// The stateful mock's resource model, derived from a bundled spec and nothing else (no vendor
// names): which operations create, read, list, update and delete which resource, the id field,
// the parent of a sub-collection, the pagination and filters of each list, the not-found answer
// of each item operation, and every operation left static with the reason.
//
// The generic rule, in order:
//   1. collection and item path pairs: `/groups` with `/groups/{group_id}` (trailing slashes
//      ignored) make a resource; GET/POST on the collection list/create, GET/PUT/PATCH/DELETE
//      on the item read/update/delete;
//   2. sub-collections: a collection below another resource's item path
//      (`/groups/{group_id}/members`) is that resource's child;
//   3. OpenAPI `links`: an operation outside a pair that a bound list or create links to with
//      the item's id (`$response.body#/tasks/0/id`) acts on that resource's items; one that
//      links to a bound item operation with its own `$response.body#/id` creates them. An action
//      found twice is ambiguous and stays static;
//   4. id field: the field those link expressions name, else a property named as the item path
//      parameter, else `id`;
//   5. `x-pagination` of a list says how it pages; a list's query parameter named as an item
//      property filters by equality, `<property>_contains` by substring;
//   6. `x-stateful` (docs/extensions.md) on an operation settles what the rule cannot:
//      `false` keeps it static, `{ resource, action }` binds it, `idField` names the id.
import { listLinks } from '../../spec/links.js';
import { deref, escapePointer, isJsonMediaType, listOperations, type Doc, type Operation } from '../../spec/openapi.js';
import type { PaginationSpec } from '../../client/pagination.js';
import { Schemas } from './schemas.js';

export type Action = 'list' | 'create' | 'read' | 'update' | 'delete';
export const ACTIONS: Action[] = ['create', 'read', 'list', 'update', 'delete'];

export interface NotFound {
  status: number;
  /** The documented not-found response (false: none documented, the mock answers 404 problem+json). */
  documented: boolean;
  mediaType?: string;
  schema?: string;
  example?: unknown;
}

export interface Filter {
  param: string;
  kind: 'equals' | 'contains';
  field: string;
}

export interface Binding {
  action: Action;
  op: Operation;
  resource: Resource;
  /** How the rule found it: `path pair`, `link from listTasks`, `x-stateful`. */
  how: string;
  /** The documented success status. */
  status: number;
  mediaType?: string;
  /** JSON pointer of the success body schema. */
  schema?: string;
  /** The first documented example of the success body. */
  template?: unknown;
  /** The item schema inside the body: the body itself, or a list's items. */
  view?: string;
  /** Template of one item (a list example's first item, else the body example). */
  itemTemplate?: unknown;
  /** Where the id travels in the request (item operations). */
  idParam?: { name: string; in: 'path' | 'query' };
  notFound?: NotFound;
  pagination?: PaginationSpec;
  filters: Filter[];
  /** Documented query parameters that neither page nor filter: ignored. */
  ignored: string[];
  /** JSON pointer of the request body's `oneOf` branch this binding answers (`x-stateful.byRequestBranch`); other bodies go to the route's other bindings. */
  requestBranch?: string;
  /** Regex of the concrete path, its groups the path parameters in order. */
  pathPattern: RegExp;
  pathParams: string[];
}

export interface Resource {
  /** The collection path without a trailing slash, e.g. `/groups/{group_id}/members`. */
  name: string;
  idField: string;
  /** The item path parameter (`group_id`). */
  idParam: string;
  parent?: { resource: Resource; param: string };
  children: Resource[];
  bindings: Partial<Record<Action, Binding>>;
  /** Pointers of the schemas a generated id must satisfy: the id field in each view, each parameter taking it back. */
  idSchemas: { field: string[]; params: string[] };
  /** The item schemas of every view (create, read, update answers and list items). */
  views: string[];
}

export interface StaticOperation {
  op: Operation;
  reason: string;
}

export interface ResourceModel {
  resources: Resource[];
  static: StaticOperation[];
  operations: number;
  /** `get /api/groups/{id}` → its binding (several when a create's request branches create different resources). */
  byRoute: Map<string, Binding[]>;
  schemas: Schemas;
  doc: Doc;
}

interface Extension {
  resource?: string;
  action?: Action;
  idField?: string;
  /** Webhook events the operation fires (webhooks.ts). */
  events?: string[];
  /** With action create: the resource each `oneOf` branch of the JSON request body creates, in order (instead of `resource`). */
  byRequestBranch?: string[];
}

const norm = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);
export const routeKey = (method: string, path: string) => `${method.toLowerCase()} ${path}`;

export function deriveModel(doc: Doc, schemas = new Schemas(doc)): ResourceModel {
  const operations = listOperations(doc);
  const statics = new Map<Operation, string>();
  const ext = new Map<Operation, Extension>();
  for (const op of operations) {
    const raw = op.operation['x-stateful'];
    if (raw === false) statics.set(op, 'x-stateful: false');
    else if (raw && typeof raw === 'object' && (raw as Extension).action) ext.set(op, raw as Extension);
  }

  // 1. Collection and item path pairs.
  const resources = new Map<string, Resource>();
  for (const op of operations) {
    const segments = norm(op.key).split('/');
    const last = segments.at(-1)!;
    if (!isParam(last) || segments.length < 3) continue;
    const base = segments.slice(0, -1).join('/');
    // The collection must itself be an endpoint (`/api/tasks/update/{id}` makes no resource `/api/tasks/update`).
    if (isParam(segments.at(-2)!) || !operations.some((o) => norm(o.key) === base)) continue;
    if (!resources.has(base)) resources.set(base, newResource(base, last.slice(1, -1)));
  }
  for (const [op, e] of ext) {
    for (const name of [e.resource, ...(e.byRequestBranch ?? [])]) {
      if (name && !resources.has(norm(name))) throw new Error(`${op.operationId}: x-stateful names resource ${name}, which no collection and item path pair makes`);
    }
  }

  const candidates: Array<{ resource: Resource; action: Action; op: Operation; how: string; idParam?: Binding['idParam']; branch?: number }> = [];
  for (const op of operations) {
    if (statics.has(op) || ext.has(op)) continue;
    const path = norm(op.key);
    const asCollection = resources.get(path);
    if (asCollection) {
      if (op.method === 'get') candidates.push({ resource: asCollection, action: 'list', op, how: 'path pair' });
      else if (op.method === 'post') candidates.push({ resource: asCollection, action: 'create', op, how: 'path pair' });
      continue;
    }
    const base = path.split('/').slice(0, -1).join('/');
    const asItem = resources.get(base);
    if (asItem && path === `${base}/{${asItem.idParam}}`) {
      const action = ({ get: 'read', put: 'update', patch: 'update', delete: 'delete' } as Record<string, Action>)[op.method];
      if (action) candidates.push({ resource: asItem, action, op, how: 'path pair', idParam: { name: asItem.idParam, in: 'path' } });
    }
  }
  for (const [op, e] of ext) {
    (e.byRequestBranch ?? []).forEach((name, branch) => candidates.push({ resource: resources.get(norm(name))!, action: 'create', op, how: 'x-stateful', branch }));
    if (!e.resource || !e.action) continue;
    const resource = resources.get(norm(e.resource))!;
    const idParam = ['read', 'update', 'delete'].includes(e.action) ? idParamOf(op, resource) : undefined;
    candidates.push({ resource, action: e.action, op, how: 'x-stateful', ...(idParam ? { idParam } : {}) });
  }

  // 3. Links, from and to the pairs' operations.
  // listLinks reads its own copies of the operations: match them by operationId.
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const links = listLinks(doc).map((l) => ({ ...l, source: byId.get(l.source.operationId)!, target: byId.get(l.target.operationId)! }));
  const pairOps = new Map(candidates.map((c) => [c.op, c]));
  const idEvidence = new Map<Resource, string[]>();
  for (const link of links) {
    const from = pairOps.get(link.source);
    const to = pairOps.get(link.target);
    for (const [param, expression] of Object.entries(link.parameters)) {
      const field = /^\$response\.body#\/(?:(.+)\/0\/)?([^/]+)$/.exec(expression);
      if (!field) continue;
      const name = param.includes('.') ? param.split('.')[1]! : param;
      const where = link.target.parameters.find((p) => p.name === name);
      if (!where) continue;
      const [, itemsPath, idField] = field;
      // From a bound list (items path) or create (the body): the target acts on that resource's item.
      if (from && ((from.action === 'list' && itemsPath) || (from.action !== 'list' && !itemsPath))) {
        push(idEvidence, from.resource, idField!);
        if (!pairOps.has(link.target) && !statics.has(link.target) && !ext.has(link.target)) {
          const action = ({ get: 'read', put: 'update', patch: 'update', delete: 'delete' } as Record<string, Action>)[link.target.method];
          // Only an operation that addresses the item itself: its id is the path's last segment or a query
          // parameter (`/api/departments/{id}/members` is a view of the item, not the item).
          const addressesItem = where.in === 'query' || new RegExp(`\\{${name}\\}/?$`).test(link.target.key);
          if (action && addressesItem) {
            candidates.push({ resource: from.resource, action, op: link.target, how: `link from ${link.source.operationId}`, idParam: { name, in: where.in } });
          }
        }
      }
      // To a bound item operation, with the source's own id: the source creates (POST) or lists (GET) that resource.
      if (to?.idParam?.name === name && !pairOps.has(link.source) && !statics.has(link.source) && !ext.has(link.source)) {
        push(idEvidence, to.resource, idField!);
        const action: Action | undefined = link.source.method === 'post' && !itemsPath ? 'create' : link.source.method === 'get' && itemsPath ? 'list' : undefined;
        if (action) candidates.push({ resource: to.resource, action, op: link.source, how: `link to ${link.target.operationId}` });
      }
    }
  }

  // One binding per resource and action; a second candidate stays static with the reason.
  const seen = new Set<Operation>();
  const unique = candidates.filter((c) => c.branch !== undefined || (!seen.has(c.op) && seen.add(c.op)));
  const groups = new Map<string, typeof unique>();
  for (const c of unique) push(groups, `${c.resource.name} ${c.action}`, c);
  const chosen: typeof unique = [];
  for (const group of groups.values()) {
    const byExtension = group.find((c) => c.how === 'x-stateful');
    const byPair = group.find((c) => c.how === 'path pair');
    const winner = byExtension ?? byPair ?? (group.length === 1 ? group[0] : undefined);
    for (const c of group) {
      if (c === winner || c.op === winner?.op) continue;
      statics.set(
        c.op,
        winner
          ? `a second ${c.action} of ${c.resource.name} (found by ${c.how}); ${winner.op.operationId} is its ${c.action} (${winner.how})`
          : `ambiguous: ${group.map((g) => g.op.operationId).join(', ')} could each ${c.action} ${c.resource.name} (by ${c.how}); settle it with x-stateful`,
      );
    }
    if (winner) chosen.push(winner);
  }

  // 2. Parents.
  for (const resource of resources.values()) {
    for (const other of resources.values()) {
      if (other !== resource && resource.name.startsWith(`${other.name}/{${other.idParam}}/`)) {
        if (!resource.parent || other.name.length > resource.parent.resource.name.length) resource.parent = { resource: other, param: other.idParam };
      }
    }
  }

  // Bindings, with their schemas; an operation whose answer cannot be built stays static.
  for (const c of chosen) {
    const problem = bind(doc, schemas, c.resource, c.action, c.op, c.how, c.idParam, c.branch);
    if (typeof problem === 'string') statics.set(c.op, problem);
  }

  // 4. Id fields; resources that cannot hold anything are dropped.
  const kept: Resource[] = [];
  for (const resource of resources.values()) {
    const bound = Object.values(resource.bindings);
    const fromExt = bound.map((b) => (b.op.operation['x-stateful'] as Extension | undefined)?.idField).find(Boolean);
    const views = [...new Set(bound.map((b) => b.view).filter((v): v is string => !!v))];
    resource.views = views;
    const props = new Set(views.flatMap((v) => [...schemas.properties(v).keys()]));
    const evidence = idEvidence.get(resource) ?? [];
    resource.idField = fromExt ?? evidence.find((f) => props.has(f)) ?? (props.has(resource.idParam) ? resource.idParam : props.has('id') ? 'id' : '');
    let reason: string | undefined;
    if (!resource.bindings.list && !resource.bindings.create) reason = `${resource.name} has no list or create operation: nothing would ever be stored or shown`;
    else if (!resource.idField) reason = `no id field found for ${resource.name} (no link names one, no property "${resource.idParam}" or "id"); name it with x-stateful.idField`;
    else if (resource.parent && !kept.includes(resource.parent.resource) && !resourcesValid(resource.parent.resource)) reason = `its parent ${resource.parent.resource.name} is not stateful`;
    if (reason) {
      for (const b of bound) statics.set(b.op, reason);
      resource.bindings = {};
      continue;
    }
    resource.idSchemas = {
      field: views.map((v) => schemas.properties(v).get(resource.idField)).filter((p): p is string => !!p),
      params: bound.flatMap((b) => idParamSchemas(doc, b)),
    };
    kept.push(resource);
  }
  for (const r of kept) if (r.parent) r.parent.resource.children.push(r);

  const byRoute = new Map<string, Binding[]>();
  for (const r of kept) for (const b of Object.values(r.bindings)) byRoute.set(routeKey(b.op.method, b.op.key), [...(byRoute.get(routeKey(b.op.method, b.op.key)) ?? []), b]);
  for (const op of operations) {
    if (byRoute.has(routeKey(op.method, op.key)) || statics.has(op)) continue;
    statics.set(op, staticReason(op, resources));
  }
  return {
    resources: kept,
    static: operations.filter((op) => !byRoute.has(routeKey(op.method, op.key))).map((op) => ({ op, reason: statics.get(op)! })),
    operations: operations.length,
    byRoute,
    schemas,
    doc,
  };
}

function resourcesValid(resource: Resource): boolean {
  return Object.keys(resource.bindings).length > 0 && !!resource.idField;
}

function newResource(name: string, idParam: string): Resource {
  return { name, idField: '', idParam, children: [], bindings: {}, idSchemas: { field: [], params: [] }, views: [] };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function idParamOf(op: Operation, resource: Resource): Binding['idParam'] {
  const own = op.parameters.find((p) => p.in === 'path' && p.name === resource.idParam) ?? op.parameters.filter((p) => p.in === 'path').at(-1);
  return own ? { name: own.name, in: 'path' } : undefined;
}

function idParamSchemas(doc: Doc, b: Binding): string[] {
  if (!b.idParam) return [];
  const param = b.op.parameters.find((p) => p.name === b.idParam!.name && p.in === b.idParam!.in);
  const at = param && parameterPointer(doc, b.op, param);
  if (!at) return [];
  return b.idParam.in === 'query' && deref(doc, param.schema)?.type === 'array' ? [`${at}/schema/items`] : [`${at}/schema`];
}

/** The JSON pointer of a parameter object in the bundle (where its $ref points, when it is one). */
function parameterPointer(doc: Doc, op: Operation, param: Doc): string | undefined {
  const places: Array<[Doc[] | undefined, string]> = [
    [op.operation.parameters, `${op.pointer}/parameters`],
    [deref(doc, doc[op.section][op.key]).parameters, `/${op.section}/${escapePointer(op.key)}/parameters`],
  ];
  for (const [list, base] of places) {
    const i = list?.findIndex((p) => deref(doc, p) === param) ?? -1;
    if (list && i >= 0) return list[i]!.$ref ? String(list[i]!.$ref).slice(1) : `${base}/${i}`;
  }
  return undefined;
}

function successOf(doc: Doc, op: Operation): { status: number; mediaType?: string; schema?: string; template?: unknown } | undefined {
  const codes = Object.keys(op.operation.responses ?? {}).filter((c) => /^2\d\d$/.test(c)).sort();
  const code = codes[0];
  if (!code) return undefined;
  return mediaOf(doc, op, code, Number(code));
}

function mediaOf(doc: Doc, op: Operation, code: string, status: number): { status: number; mediaType?: string; schema?: string; template?: unknown } {
  const raw = op.operation.responses[code];
  const response = deref(doc, raw);
  const base = raw.$ref ? String(raw.$ref).slice(1) : `${op.pointer}/responses/${code}`;
  const [mediaType, media] = Object.entries((response.content ?? {}) as Record<string, Doc>).find(([m]) => isJsonMediaType(m)) ?? [];
  if (!mediaType || !media) return { status };
  const example = Object.values((media.examples ?? {}) as Record<string, Doc>)[0];
  return {
    status,
    mediaType,
    schema: `${base}/content/${escapePointer(mediaType)}/schema`,
    ...(example ? { template: deref(doc, example).value } : media.example !== undefined ? { template: media.example } : {}),
  };
}

function bind(doc: Doc, schemas: Schemas, resource: Resource, action: Action, op: Operation, how: string, idParam?: Binding['idParam'], branch?: number): Binding | string {
  const success = successOf(doc, op);
  if (!success) return `${op.operationId} documents no success (2xx) response`;
  const { status, mediaType, schema, template } = success;
  if (op.method !== 'get' && op.method !== 'delete') {
    const body = deref(doc, op.operation.requestBody);
    if (body?.content && !Object.keys(body.content).some(isJsonMediaType)) return `${op.operationId} takes no JSON body (${Object.keys(body.content).join(', ')})`;
  }
  let view: string | undefined;
  let itemTemplate: unknown;
  let pagination: PaginationSpec | undefined;
  if (action === 'list') {
    pagination = op.operation['x-pagination'] as PaginationSpec | undefined;
    if (!schema) return `${op.operationId} answers no JSON body to list items in`;
    view = schemas.itemsAt(schema, pagination?.items ?? '.');
    if (!view) return `${op.operationId} answers no array${pagination ? ` at "${pagination.items}"` : ''}: not a list`;
    const items = pagination && pagination.items !== '.' ? dig(template, pagination.items) : template;
    itemTemplate = Array.isArray(items) ? items[0] : undefined;
  } else if (schema) {
    const { node } = schemas.resolve(schema);
    if (node.type === 'array' || node.items) {
      if (action === 'create') return `${op.operationId} answers a list: a bulk create, not the create of one item`;
    } else if (action !== 'delete') {
      view = schema;
      itemTemplate = template;
    }
  }
  let requestBranch: string | undefined;
  if (branch !== undefined) {
    const body = op.operation.requestBody?.$ref ? String(op.operation.requestBody.$ref).slice(1) : `${op.pointer}/requestBody`;
    const media = Object.keys(deref(doc, op.operation.requestBody)?.content ?? {}).find(isJsonMediaType);
    const request = media && schemas.resolve(`${body}/content/${escapePointer(media)}/schema`);
    if (!request || !Array.isArray(request.node.oneOf) || !request.node.oneOf[branch]) return `${op.operationId}: x-stateful.byRequestBranch names branch ${branch + 1}, but its request body has no such oneOf branch`;
    requestBranch = `${request.pointer}/oneOf/${branch}`;
    // The answer to that branch: the response's branch of the same place, when it is a oneOf/anyOf of as many.
    if (view) {
      const answer = schemas.resolve(view);
      const list = answer.node.oneOf ?? answer.node.anyOf;
      if (Array.isArray(list) && list.length === request.node.oneOf.length) view = `${answer.pointer}/${answer.node.oneOf ? 'oneOf' : 'anyOf'}/${branch}`;
    }
  }
  const pathParams = [...op.key.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathPattern = new RegExp(`^${op.key.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('([^/]+)')}$`);
  const binding: Binding = {
    action,
    op,
    resource,
    how,
    status,
    ...(mediaType ? { mediaType } : {}),
    ...(schema ? { schema } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(view ? { view } : {}),
    ...(itemTemplate !== undefined ? { itemTemplate } : {}),
    ...(idParam ? { idParam } : {}),
    ...(pagination ? { pagination } : {}),
    ...(requestBranch ? { requestBranch } : {}),
    filters: [],
    ignored: [],
    pathPattern,
    pathParams,
  };
  if (['read', 'update', 'delete'].includes(action) || (resource.name.includes('{') && action !== 'list' && action !== 'create') || pathParams.length > 0) {
    binding.notFound = notFoundOf(doc, op);
  }
  if (action === 'list' && view) {
    const paging = new Set(Object.entries(pagination ?? {}).filter(([k]) => /Param$/.test(k)).map(([, v]) => String(v)));
    const props = schemas.properties(view);
    for (const p of op.parameters.filter((q) => q.in === 'query')) {
      if (paging.has(p.name)) continue;
      const contains = /^(.+)_contains$/.exec(p.name);
      const scalar = (name: string) => {
        const q = props.get(name);
        return q !== undefined && ['string', 'integer', 'number', 'boolean'].includes(String(schemasType(schemas, q)));
      };
      if (scalar(p.name)) binding.filters.push({ param: p.name, kind: 'equals', field: p.name });
      else if (contains && scalar(contains[1]!)) binding.filters.push({ param: p.name, kind: 'contains', field: contains[1]! });
      else binding.ignored.push(p.name);
    }
  }
  resource.bindings[action] = binding;
  return binding;
}

function schemasType(schemas: Schemas, pointer: string): string | undefined {
  const { node } = schemas.resolve(pointer);
  return Array.isArray(node.type) ? node.type.find((t: string) => t !== 'null') : node.type;
}

function notFoundOf(doc: Doc, op: Operation): NotFound {
  if (op.operation.responses?.['404']) return { ...mediaOf(doc, op, '404', 404), documented: true };
  return { status: 404, documented: false };
}

function staticReason(op: Operation, resources: Map<string, Resource>): string {
  const path = norm(op.key);
  if (resources.has(path)) return `${op.method.toUpperCase()} on the collection ${path} is neither a list (GET) nor a create (POST)`;
  const segments = path.split('/');
  if (segments.some(isParam) && resources.size) {
    for (const r of resources.values()) {
      if (path.startsWith(`${r.name}/{${r.idParam}}/`)) return `a path below an item of ${r.name} that is not a collection and item pair (an action or a view of the item)`;
    }
  }
  if (!segments.some(isParam) && op.method === 'get') return 'a collection without an item path: its items have no identity to store (a fixed or derived view)';
  return 'no collection and item path pair, link or x-stateful makes it an action of a resource';
}

export function dig(value: unknown, dotted: string): unknown {
  if (dotted === '.') return value;
  return dotted.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
