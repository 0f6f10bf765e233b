// An independent JSON Schema validator (Ajv, draft 2020-12, formats on) over a bundled spec:
// validates a value against the schema at a JSON pointer of the document. Used by the
// contract tests and by `verify` against live responses.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Doc } from './openapi.js';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export interface SchemaValidator {
  /** Returns the list of violations (`/path message`); empty when valid. */
  validate(schemaPointer: string, value: unknown): string[];
  /** The same violations as `{ path, message }`, the path in JSONPath form (`$.results[0].id`). */
  violations(schemaPointer: string, value: unknown): Array<{ path: string; message: string }>;
  /**
   * Violations of a value against a schema object taken from the document (its `#/…` refs
   * resolve in the document), coercing strings as a URL parameter would be (`"12"` is an integer).
   */
  validateValue(schema: unknown, value: unknown): string[];
}

/** `/results/0/id` → `$.results[0].id`. */
export function jsonPath(instancePath: string): string {
  return (
    '$' +
    instancePath
      .split('/')
      .slice(1)
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
      .join('')
  );
}

export function createSchemaValidator(doc: Doc): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'spec');
  const compiled = new Map<string, ValidateFunction>();
  const errorsOf = (schemaPointer: string, value: unknown) => {
    let fn = compiled.get(schemaPointer);
    if (!fn) {
      const ref = `spec#${schemaPointer.split('/').map(encodeURIComponent).join('/')}`;
      fn = ajv.compile({ $ref: ref });
      compiled.set(schemaPointer, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []);
  };
  const coercing = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, coerceTypes: true });
  addFormats(coercing);
  coercing.addSchema(doc as object, 'spec');
  const bySchema = new Map<string, ValidateFunction>();
  return {
    validateValue(schema, value) {
      const text = JSON.stringify(schema ?? {}).replace(/"\$ref":"#\//g, '"$ref":"spec#/');
      let fn = bySchema.get(text);
      if (!fn) bySchema.set(text, (fn = coercing.compile(JSON.parse(text))));
      // A copy: coercion may rewrite an object value in place.
      return fn(structuredClone(value)) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '(value)'} ${e.message}`);
    },
    validate: (schemaPointer, value) => errorsOf(schemaPointer, value).map((e) => `${e.instancePath || '(root)'} ${e.message}`),
    violations: (schemaPointer, value) => errorsOf(schemaPointer, value).map((e) => ({ path: jsonPath(e.instancePath), message: e.message ?? 'invalid' })),
  };
}
