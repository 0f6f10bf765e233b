// The contract cases of one vendor, derived from its bundled spec alone: nothing here is
// written per operation. Each case says what to send and what must come back.
import {
  deref,
  isJsonMediaType,
  listOperations,
  mediaExamples,
  requiresCredentials,
  type Doc,
  type Json,
  type Operation,
} from '../../src/spec/openapi.js';
import { sampleParams, sampleValue, type RequestParts } from '../../src/spec/samples.js';

export interface ResponseCase {
  name: string;
  op: Operation;
  request: RequestParts;
  status: number;
  exampleName: string;
  mediaType: string;
  expected: Json;
  schemaPointer: string;
}

/** A documented status with no body (204, or a success the doc shows without content). */
export interface EmptyResponseCase {
  name: string;
  op: Operation;
  request: RequestParts;
  status: number;
}

export interface RequestExampleCase {
  name: string;
  op: Operation;
  request: RequestParts;
  exampleName: string;
  /** Statuses the operation documents as success. */
  successStatuses: number[];
}

export interface MissingFieldCase {
  name: string;
  op: Operation;
  request: RequestParts;
  field: string;
}

/** The documented request body plus one property the spec does not define. */
export interface UnknownPropertyCase {
  name: string;
  op: Operation;
  request: RequestParts;
  property: string;
}

/** The property an unknown-property case adds: no vendor spells a field like this. */
export const UNKNOWN_PROPERTY = 'notADocumentedField';

export interface WebhookExampleCase {
  name: string;
  op: Operation;
  exampleName: string;
  value: Json;
  schemaPointer: string;
}

export interface VendorCases {
  operations: Operation[];
  responses: ResponseCase[];
  emptyResponses: EmptyResponseCase[];
  requestExamples: RequestExampleCase[];
  unauthorized: Operation[];
  missingFields: MissingFieldCase[];
  unknownProperties: UnknownPropertyCase[];
  webhookExamples: WebhookExampleCase[];
}

export function buildCases(doc: Doc): VendorCases {
  const operations = listOperations(doc);
  const responses: ResponseCase[] = [];
  const emptyResponses: EmptyResponseCase[] = [];
  const requestExamples: RequestExampleCase[] = [];
  const missingFields: MissingFieldCase[] = [];
  const unknownProperties: UnknownPropertyCase[] = [];
  for (const op of operations) {
    const label = `${op.method.toUpperCase()} ${op.key}`;
    const params = sampleParams(doc, op);
    const bodies = requestBodies(doc, op);
    const base: RequestParts = { ...params, ...bodies[0] };
    for (const [code, response] of Object.entries((op.operation.responses ?? {}) as Record<string, Doc>)) {
      if (!/^\d{3}$/.test(code)) continue;
      if (/^2/.test(code) && !deref(doc, response).content) {
        emptyResponses.push({ name: `${label} → ${code} (no content)`, op, request: base, status: Number(code) });
      }
      for (const media of mediaExamples(doc, response, `${op.pointer}/responses/${code}`)) {
        for (const ex of media.examples) {
          responses.push({
            name: `${label} → ${code} "${ex.name}"`,
            op,
            request: base,
            status: Number(code),
            exampleName: ex.name,
            mediaType: media.mediaType,
            expected: ex.value,
            schemaPointer: ex.schemaPointer,
          });
        }
      }
    }
    const successStatuses = Object.keys(op.operation.responses ?? {}).filter((c) => /^2\d\d$/.test(c)).map(Number);
    for (const body of bodies.filter((b) => b.exampleName !== undefined)) {
      requestExamples.push({ name: `${label} with request example "${body.exampleName}"`, op, request: { ...params, ...body }, exampleName: body.exampleName!, successStatuses });
    }
    for (const field of requiredBodyFields(doc, op)) {
      const request = { ...base, body: withoutField(base, field) };
      missingFields.push({ name: `${label} without required body field "${field}"`, op, request, field });
    }
    const first = bodies[0]!;
    if (isClosedJsonBody(doc, op, first)) {
      const request = { ...params, ...first, body: { ...(first.body as object), [UNKNOWN_PROPERTY]: 'x' } };
      unknownProperties.push({ name: `${label} with an unknown body property`, op, request, property: UNKNOWN_PROPERTY });
      const nested = withNestedUnknown(doc, deref(doc, op.operation.requestBody).content[first.mediaType!].schema, first.body);
      if (nested) {
        unknownProperties.push({ name: `${label} with an unknown property in ${nested.at}`, op, request: { ...params, ...first, body: nested.body }, property: UNKNOWN_PROPERTY });
      }
    }
  }
  const webhookExamples: WebhookExampleCase[] = [];
  for (const op of listOperations(doc, 'webhooks')) {
    for (const media of mediaExamples(doc, op.operation.requestBody, `${op.pointer}/requestBody`)) {
      for (const ex of media.examples) {
        webhookExamples.push({ name: `webhook ${op.key} payload "${ex.name}"`, op, exampleName: ex.name, value: ex.value, schemaPointer: ex.schemaPointer });
      }
    }
  }
  return { operations, responses, emptyResponses, requestExamples, unauthorized: operations.filter(requiresCredentials), missingFields, unknownProperties, webhookExamples };
}

interface BodyPart {
  body?: unknown;
  mediaType?: string;
  exampleName?: string;
}

/** Each documented request example; else one body sampled from the schema; else none. */
function requestBodies(doc: Doc, op: Operation): BodyPart[] {
  const requestBody = deref(doc, op.operation.requestBody);
  if (!requestBody?.content) return [{}];
  const documented = mediaExamples(doc, op.operation.requestBody, `${op.pointer}/requestBody`).flatMap((media) =>
    media.examples.map((ex) => ({ body: ex.value, mediaType: media.mediaType, exampleName: ex.name })),
  );
  if (documented.length > 0) return documented;
  const [mediaType, media] = Object.entries(requestBody.content as Record<string, Doc>)[0]!;
  return [{ body: sampleValue(doc, media.schema), mediaType }];
}

/**
 * A JSON object body whose schema does not say it is open. Request bodies the doc describes
 * field by field are closed (`additionalProperties: false`); a body the doc leaves free-form
 * says so with `additionalProperties: true` or a schema, and gets no case.
 */
function isClosedJsonBody(doc: Doc, op: Operation, part: BodyPart): boolean {
  if (!part.mediaType || !isJsonMediaType(part.mediaType)) return false;
  if (!part.body || typeof part.body !== 'object' || Array.isArray(part.body)) return false;
  const media = deref(doc, op.operation.requestBody).content[part.mediaType];
  const schema = deref(doc, media.schema) ?? {};
  return schema.additionalProperties === undefined || schema.additionalProperties === false;
}

/**
 * The body with an unknown property added to its first nested object (or first item of an
 * array of objects) whose schema is closed; undefined when there is none. `oneOf`/`anyOf`
 * bodies are left out: which branch a nested object belongs to is not known here.
 */
function withNestedUnknown(doc: Doc, rawSchema: unknown, body: unknown): { body: unknown; at: string } | undefined {
  const schema = deref(doc, rawSchema) ?? {};
  if (schema.oneOf || schema.anyOf || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    let child = deref(doc, schema.properties?.[key]) ?? {};
    let target = value;
    let at = key;
    if (Array.isArray(value) && value.length && value[0] && typeof value[0] === 'object') {
      child = deref(doc, child.items) ?? {};
      target = value[0];
      at = `${key}[0]`;
    }
    if (!target || typeof target !== 'object' || Array.isArray(target) || child.additionalProperties !== false || child.oneOf || child.anyOf) continue;
    const changed = { ...(target as object), [UNKNOWN_PROPERTY]: 'x' };
    const replaced = Array.isArray(value) ? [changed, ...value.slice(1)] : changed;
    return { body: { ...(body as object), [key]: replaced }, at };
  }
  return undefined;
}

/**
 * Top-level required properties of the (first) request body schema. For a `oneOf`/`anyOf`
 * body only the fields every branch requires count: a field one branch requires may be what
 * tells the branches apart, and leaving it out can make a valid body of another branch.
 */
function requiredBodyFields(doc: Doc, op: Operation): string[] {
  const requestBody = deref(doc, op.operation.requestBody);
  if (!requestBody?.content) return [];
  const [mediaType, media] = Object.entries(requestBody.content as Record<string, Doc>)[0]!;
  if (!isJsonMediaType(mediaType) && mediaType !== 'multipart/form-data') return [];
  return requiredOf(doc, media.schema);
}

function requiredOf(doc: Doc, raw: unknown): string[] {
  const schema = deref(doc, raw) ?? {};
  const own: string[] = Array.isArray(schema.required) ? schema.required : [];
  const branches = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (!branches?.length) return own;
  const [first, ...rest] = branches.map((branch) => requiredOf(doc, branch));
  const common = first!.filter((field) => rest.every((r) => r.includes(field)));
  return [...new Set([...own, ...common])];
}

function withoutField(request: RequestParts, field: string): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return body;
  const { [field]: _removed, ...rest } = body;
  return rest;
}
