// Breaks a valid example in a way its schema must reject, to prove a validator is on.
import { deref, type Doc } from '../../src/spec/openapi.js';

export interface Mutation {
  value: unknown;
  /** What was changed, for the assertion message. */
  change: string;
}

export function mutateToInvalid(doc: Doc, rawSchema: unknown, value: unknown): Mutation {
  const schema = deref(doc, rawSchema) ?? {};
  if (value && typeof value === 'object' && !Array.isArray(value) && Array.isArray(schema.required) && schema.required.length) {
    const field = schema.required[0] as string;
    const { [field]: _dropped, ...rest } = value as Record<string, unknown>;
    return { value: rest, change: `removed required property "${field}"` };
  }
  if (Array.isArray(value) && value.length > 0 && schema.items) {
    const inner = mutateToInvalid(doc, schema.items, value[0]);
    return { value: [inner.value, ...value.slice(1)], change: `item 0: ${inner.change}` };
  }
  // Nothing structural to remove: a value of the wrong type.
  const wrong = typeof value === 'number' ? 'not-a-number' : 12345;
  return { value: { wrong }, change: `replaced the value with an object of the wrong shape` };
}
