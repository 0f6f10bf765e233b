// An independent JSON Schema validator (Ajv, draft 2020-12, formats on) over a bundled spec:
// validates a value against the schema at a JSON pointer of the document.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Doc } from '../../scripts/lib/openapi.js';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export interface SchemaValidator {
  /** Returns the list of violations; empty when valid. */
  validate(schemaPointer: string, value: unknown): string[];
}

export function createSchemaValidator(doc: Doc): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'spec');
  const compiled = new Map<string, ValidateFunction>();
  return {
    validate(schemaPointer, value) {
      let fn = compiled.get(schemaPointer);
      if (!fn) {
        const ref = `spec#${schemaPointer.split('/').map(encodeURIComponent).join('/')}`;
        fn = ajv.compile({ $ref: ref });
        compiled.set(schemaPointer, fn);
      }
      if (fn(value)) return [];
      return (fn.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
    },
  };
}
