// Minimal valid request parts for an operation: path and required query parameters, and a
// body when the doc gives no request example. Values come from the spec (examples, enum,
// default), else from the type and format.
import { deref, type Doc, type Operation } from './openapi.js';

export interface RequestParts {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  mediaType?: string;
  exampleName?: string;
}

export function sampleParams(doc: Doc, op: Operation): Pick<RequestParts, 'path' | 'query'> {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const param of op.parameters) {
    if (param.in === 'path') path[param.name] = sampleValue(doc, param.schema, param);
    else if (param.in === 'query' && param.required) query[param.name] = sampleValue(doc, param.schema, param);
  }
  return { ...(Object.keys(path).length ? { path } : {}), ...(Object.keys(query).length ? { query } : {}) };
}

const SAMPLE_BY_FORMAT: Record<string, unknown> = {
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'someone@example.com',
  'date-time': '2020-05-04T04:00:56Z',
  date: '2020-05-04',
  uri: 'https://example.com/',
  binary: 'email,first_name,last_name,position\nsomeone@example.com,Some,One,Tester\n',
};

export function sampleValue(doc: Doc, rawSchema: unknown, holder?: Doc): unknown {
  const schema = deref(doc, rawSchema) ?? {};
  if (holder?.example !== undefined) return holder.example;
  if (holder?.examples && typeof holder.examples === 'object') {
    const first = Object.values(holder.examples as Record<string, Doc>)[0];
    if (first) return deref(doc, first).value;
  }
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(schema[key]) && schema[key].length) {
      if (key !== 'allOf') return sampleValue(doc, schema[key][0]);
      return Object.assign({}, ...schema[key].map((s: unknown) => sampleValue(doc, s)));
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (schema.format && SAMPLE_BY_FORMAT[schema.format] !== undefined) return SAMPLE_BY_FORMAT[schema.format];
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.minItems ? [sampleValue(doc, schema.items)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of (schema.required ?? []) as string[]) out[name] = sampleValue(doc, schema.properties?.[name]);
      return out;
    }
    default:
      return 'sample';
  }
}
