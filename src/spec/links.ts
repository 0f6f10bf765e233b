// OpenAPI `links` as data: which operation's response supplies the parameters of which other
// operation (list → get, create → update). Used by the user's-day test and by `verify` to
// chain real calls without knowing any vendor.
import { deref, listOperations, type Doc, type Operation } from './openapi.js';

export interface OperationLink {
  name: string;
  source: Operation;
  /** The response status whose body the expressions read. */
  status: string;
  target: Operation;
  /** Target parameter name → runtime expression (`$response.body#/results/0/id`, `$request.path.id`). */
  parameters: Record<string, string>;
}

export function listLinks(doc: Doc): OperationLink[] {
  const operations = listOperations(doc);
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  const links: OperationLink[] = [];
  for (const source of operations) {
    for (const [status, raw] of Object.entries((source.operation.responses ?? {}) as Record<string, Doc>)) {
      for (const [name, rawLink] of Object.entries((deref(doc, raw)?.links ?? {}) as Record<string, Doc>)) {
        const link = deref(doc, rawLink);
        const target = byId.get(link.operationId);
        if (!target) throw new Error(`${source.operationId} ${status} link ${name}: no operation ${link.operationId}`);
        links.push({ name, source, status, target, parameters: { ...(link.parameters ?? {}) } });
      }
    }
  }
  return links;
}

export interface LinkContext {
  requestPath?: Record<string, unknown>;
  requestQuery?: Record<string, unknown>;
  responseBody?: unknown;
}

/** The value of a runtime expression, or undefined when it names nothing in the context. */
export function evaluateExpression(expression: string, context: LinkContext): unknown {
  const body = /^\$response\.body(?:#(.*))?$/.exec(expression);
  if (body) return pointerGet(context.responseBody, body[1] ?? '');
  const request = /^\$request\.(path|query)\.(.+)$/.exec(expression);
  if (request) return (request[1] === 'path' ? context.requestPath : context.requestQuery)?.[request[2]!];
  if (!expression.startsWith('$')) return expression; // a constant
  return undefined;
}

/** Path and query parameters for the target of a link; `missing` names what the context could not supply. */
export function linkParameters(link: OperationLink, context: LinkContext): { path: Record<string, unknown>; query: Record<string, unknown>; missing: string[] } {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, expression] of Object.entries(link.parameters)) {
    const [where, bare] = name.includes('.') ? (name.split('.', 2) as [string, string]) : [undefined, name];
    const param = link.target.parameters.find((p) => p.name === bare && (!where || p.in === where));
    const value = evaluateExpression(expression, context);
    if (value === undefined || value === null) {
      missing.push(bare);
      continue;
    }
    (param?.in === 'query' ? query : path)[bare] = value;
  }
  return { path, query, missing };
}

function pointerGet(value: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
