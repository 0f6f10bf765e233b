// Sends one operation through a generated client (openapi-fetch) the way a user would.
import type { Client } from 'openapi-fetch';
import { deref, isJsonMediaType, type Doc, type Operation } from '../../src/spec/openapi.js';
import type { RequestParts } from '../../src/spec/samples.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClient = Client<any, `${string}/${string}`>;

export async function callOperation(
  doc: Doc,
  client: AnyClient,
  op: Operation,
  request: RequestParts,
  headers: Record<string, string> = {},
  expectedMediaType?: string,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const init: Record<string, any> = {
    params: { path: request.path, query: request.query },
    headers,
    parseAs: expectedMediaType && !isJsonMediaType(expectedMediaType) ? 'text' : 'json',
  };
  if (request.body !== undefined) {
    init.body = request.body;
    if (request.mediaType === 'multipart/form-data') {
      const schema = deref(doc, deref(doc, op.operation.requestBody).content['multipart/form-data'].schema);
      init.bodySerializer = (body: Record<string, unknown>) => toFormData(doc, schema, body);
    } else if (request.mediaType && !isJsonMediaType(request.mediaType)) {
      init.headers = { ...headers, 'Content-Type': request.mediaType };
      init.bodySerializer = (body: unknown) => String(body);
    }
  }
  return client.request(op.method as 'get', op.key, init as never);
}

/** A multipart body: `format: binary` properties become files, the rest strings. */
export function toFormData(doc: Doc, schema: Doc, body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body ?? {})) {
    const property = deref(doc, schema.properties?.[name]) ?? {};
    if (property.format === 'binary' || property.contentMediaType) {
      form.append(name, new Blob([String(value)], { type: property.contentMediaType ?? 'application/octet-stream' }), `${name}.csv`);
    } else {
      form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return form;
}
