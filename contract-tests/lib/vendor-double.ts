// A local stand-in for a vendor's real API, made from its spec: it answers each operation
// with its documented success example and refuses requests without credentials, except where
// a test plants a deviation. It counts requests per method, so a test can prove what was sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deref, listOperations, mediaExamples, type Doc, type Operation } from '../../src/spec/openapi.js';
import { mutateToInvalid } from './mutate.js';

export type Planted = 'missing-field' | 'wrong-type' | 'undocumented-status' | 'undocumented-content-type' | 'no-auth' | 'rate-limited';

export interface VendorDouble {
  url: string;
  /** Requests received, by upper-case method. */
  byMethod: Record<string, number>;
  /** Every request as `METHOD /path` (no query), in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startVendorDouble(doc: Doc, credentialHeaders: string[], planted: Record<string, Planted>): Promise<VendorDouble> {
  const operations = listOperations(doc);
  const byMethod: Record<string, number> = {};
  const requests: string[] = [];
  const limited = new Set<string>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://double').pathname;
    byMethod[method] = (byMethod[method] ?? 0) + 1;
    requests.push(`${method} ${path}`);
    const op = operations.find((o) => o.method === method.toLowerCase() && templatePattern(o.key).test(path));
    if (!op) return void json(res, 404, { detail: 'no such operation' });
    const plant = planted[op.operationId];
    const authorized = credentialHeaders.every((h) => req.headers[h.toLowerCase()]);
    if (!authorized && plant !== 'no-auth') return void json(res, 401, { detail: 'credentials required' });
    if (plant === 'rate-limited' && !limited.has(op.operationId)) {
      limited.add(op.operationId);
      return void json(res, 429, { detail: 'slow down' }, { 'retry-after': '1' });
    }
    if (plant === 'undocumented-status') return void json(res, 418, { detail: 'teapot' });
    if (plant === 'undocumented-content-type') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    const success = successExample(doc, op);
    if (!success) return void res.writeHead(204).end();
    let body = success.value;
    if (plant === 'missing-field') body = mutateToInvalid(doc, { $ref: `#${success.schemaPointer}` }, body).value;
    if (plant === 'wrong-type') body = withWrongType(doc, success.schemaPointer, body);
    json(res, success.status, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    byMethod,
    requests,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The first documented 2xx JSON example of an operation. */
export function successExample(doc: Doc, op: Operation): { status: number; value: unknown; schemaPointer: string } | undefined {
  for (const [status, response] of Object.entries((op.operation.responses ?? {}) as Record<string, Doc>)) {
    if (!/^2\d\d$/.test(status)) continue;
    const example = mediaExamples(doc, response, `${op.pointer}/responses/${status}`).find((m) => /json/.test(m.mediaType))?.examples[0];
    if (example) return { status: Number(status), value: example.value, schemaPointer: example.schemaPointer };
  }
  return undefined;
}

/** Does the example carry a required property whose type can be broken (for a wrong-type plant)? */
export function hasTypedRequiredField(doc: Doc, schemaPointer: string, value: unknown): boolean {
  return withWrongType(doc, schemaPointer, value) !== value;
}

/** The example with its first required string/number/boolean property (top level, or of the first item) of the wrong type. */
function withWrongType(doc: Doc, schemaPointer: string, value: unknown): unknown {
  const schema = deref(doc, { $ref: `#${schemaPointer}` }) ?? {};
  const target = Array.isArray(value) ? value[0] : value;
  const targetSchema = Array.isArray(value) ? deref(doc, schema.items) ?? {} : schema;
  if (!target || typeof target !== 'object') return value;
  const field = ((targetSchema.required ?? []) as string[]).find((name) => ['string', 'number', 'boolean'].includes(typeof (target as Record<string, unknown>)[name]));
  if (!field) return value;
  const current = (target as Record<string, unknown>)[field];
  const broken = { ...(target as Record<string, unknown>), [field]: typeof current === 'string' ? 12345 : 'not-a-number' };
  return Array.isArray(value) ? [broken, ...value.slice(1)] : broken;
}

function templatePattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
