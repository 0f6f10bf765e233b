// Schema work the stateful mock needs, over one bundled spec: following `$ref`s by JSON
// pointer, validating a value against the schema at a pointer (Ajv, compiled once per
// pointer), shaping a stored record into the schema of one response (a "view"), and generating
// the server-assigned values a create fills in.
import { randomUUID } from 'node:crypto';
import { escapePointer, pointer as at, type Doc } from '../../spec/openapi.js';
import { sampleValue } from '../../spec/samples.js';
import { createSchemaValidator, type SchemaValidator } from '../../spec/schema-validator.js';

export type Json = unknown;
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class Schemas {
  readonly validator: SchemaValidator;
  private readonly resolved = new Map<string, { pointer: string; node: Doc }>();
  private readonly validity = new Map<string, (value: unknown) => boolean>();
  private readonly coercing = new Map<string, (value: unknown) => boolean>();

  constructor(readonly doc: Doc) {
    this.validator = createSchemaValidator(doc);
  }

  /** The schema at a pointer with its `$ref`s followed, and the pointer it really lives at. */
  resolve(pointer: string): { pointer: string; node: Doc } {
    let hit = this.resolved.get(pointer);
    if (hit) return hit;
    let current = pointer;
    let node = at(this.doc, current) as Doc;
    const seen = new Set<string>();
    while (node && typeof node === 'object' && typeof node.$ref === 'string' && Object.keys(node).filter((k) => k !== 'description' && k !== 'summary').length === 1) {
      if (seen.has(node.$ref)) break;
      seen.add(node.$ref);
      current = String(node.$ref).slice(1);
      node = at(this.doc, current) as Doc;
    }
    hit = { pointer: current, node: node ?? {} };
    this.resolved.set(pointer, hit);
    return hit;
  }

  valid(pointer: string, value: unknown): boolean {
    return this.validator.validate(pointer, value).length === 0;
  }

  violations(pointer: string, value: unknown): Array<{ path: string; message: string }> {
    return this.validator.violations(pointer, value);
  }

  /** As a URL parameter would be read: "12" is an integer. */
  validParam(pointer: string, value: unknown): boolean {
    let fn = this.coercing.get(pointer);
    if (!fn) {
      const schema = { $ref: `#${pointer.split('/').map(encodeURIComponent).join('/')}` };
      fn = (v: unknown) => this.validator.validateValue(schema, v).length === 0;
      this.coercing.set(pointer, fn);
    }
    return fn(value);
  }

  /** The property schemas an object schema (through allOf/oneOf/anyOf) can hold, by name: pointers. */
  properties(pointer: string, depth = 0): Map<string, string> {
    const out = new Map<string, string>();
    if (depth > 6) return out;
    const { pointer: p, node } = this.resolve(pointer);
    for (const name of Object.keys(node.properties ?? {})) out.set(name, `${p}/properties/${escapePointer(name)}`);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      (node[key] as unknown[] | undefined)?.forEach((_s, i) => {
        for (const [name, q] of this.properties(`${p}/${key}/${i}`, depth + 1)) if (!out.has(name)) out.set(name, q);
      });
    }
    if (node.$ref && Object.keys(node).length > 1) {
      for (const [name, q] of this.properties(String(node.$ref).slice(1), depth + 1)) if (!out.has(name)) out.set(name, q);
    }
    return out;
  }

  /** The schema of the array items at a dotted path of a body schema (`.` = the body itself). */
  itemsAt(pointer: string, dotted: string): string | undefined {
    let current = pointer;
    if (dotted !== '.') {
      for (const key of dotted.split('.')) {
        const next = this.properties(current).get(key);
        if (!next) return undefined;
        current = next;
      }
    }
    const { pointer: p, node } = this.resolve(current);
    return node.items ? `${p}/items` : undefined;
  }

  /**
   * A value for the schema at `pointer`, taken from the stored record where it fits the
   * schema, else from the documented template, else generated; objects property by property,
   * `oneOf`/`anyOf` by the first branch the result satisfies.
   */
  shape(pointer: string, record: unknown, template: unknown, depth = 0): unknown {
    const { pointer: p, node } = this.resolve(pointer);
    if (depth > 8) return template ?? sampleValue(this.doc, node);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = node[key] as unknown[] | undefined;
      if (!branches?.length || node.properties) continue;
      let first: unknown;
      for (let i = 0; i < branches.length; i++) {
        const candidate = this.shape(`${p}/${key}/${i}`, record, template, depth + 1);
        if (this.valid(p, candidate)) return candidate;
        first ??= candidate;
      }
      return first;
    }
    if (Array.isArray(node.allOf) && !node.properties) {
      const parts = node.allOf.map((_s: unknown, i: number) => this.shape(`${p}/allOf/${i}`, record, template, depth + 1));
      return parts.every(isObj) ? Object.assign({}, ...parts) : parts[0];
    }
    const props = this.properties(p);
    if (props.size > 0 || typeOf(node) === 'object') {
      const source = isObj(record) ? record : {};
      const example = isObj(template) ? template : {};
      const required = new Set<string>(requiredOf(this, p));
      const out: Obj = {};
      for (const [name, q] of props) {
        const mine = source[name];
        const theirs = example[name];
        if (mine !== undefined && this.valid(q, mine)) out[name] = mine;
        else if (isObj(mine) && this.isObjectSchema(q)) out[name] = this.shape(q, mine, theirs, depth + 1);
        else if (theirs !== undefined && this.valid(q, theirs)) out[name] = theirs;
        else if (required.has(name)) out[name] = this.shape(q, undefined, theirs, depth + 1);
      }
      if (props.size === 0) return isObj(record) ? record : isObj(template) ? template : {};
      return out;
    }
    if (record !== undefined && this.valid(p, record)) return record;
    if (template !== undefined && this.valid(p, template)) return template;
    return generated(this, p, node);
  }

  private isObjectSchema(pointer: string): boolean {
    const { node } = this.resolve(pointer);
    return typeOf(node) === 'object' || !!node.properties;
  }
}

function requiredOf(schemas: Schemas, pointer: string, depth = 0): string[] {
  const { pointer: p, node } = schemas.resolve(pointer);
  const out = [...((node.required as string[] | undefined) ?? [])];
  if (depth < 6) (node.allOf as unknown[] | undefined)?.forEach((_s, i) => out.push(...requiredOf(schemas, `${p}/allOf/${i}`, depth + 1)));
  return out;
}

export function typeOf(node: Doc): string | undefined {
  const type = Array.isArray(node.type) ? node.type.find((t: string) => t !== 'null') : node.type;
  return type ?? (node.properties ? 'object' : node.items ? 'array' : undefined);
}

function generated(schemas: Schemas, pointer: string, node: Doc): unknown {
  if (node.format === 'uuid') return randomUUID();
  if (node.format === 'date-time') return new Date().toISOString();
  return sampleValue(schemas.doc, node);
}
