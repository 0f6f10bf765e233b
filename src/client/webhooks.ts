// Parsing incoming webhook bodies with a validator compiled from the spec at build time
// (generated/<vendor>/webhooks.validate.ts). No spec is read and no schema compiled at run time.
import { WebhookValidationError, type WebhookViolation } from './errors.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** A compiled Ajv validator, as Ajv's standalone code exports it. */
export type CompiledValidator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/**
 * Returns `parse(body)`: accepts a parsed object, a JSON string or a Buffer/Uint8Array, and
 * returns the typed payload or throws a WebhookValidationError listing each violation.
 */
export function createWebhookParser<Payload>(vendor: string, validate: CompiledValidator): (body: unknown) => Payload {
  return (body) => {
    const value = decode(vendor, body);
    if (validate(value)) return value as Payload;
    throw new WebhookValidationError(vendor, violations(validate.errors ?? []));
  };
}

function decode(vendor: string, body: unknown): unknown {
  if (body instanceof Uint8Array) body = new TextDecoder().decode(body);
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new WebhookValidationError(vendor, [{ path: '$', message: `is not valid JSON (${(error as Error).message})` }]);
  }
}

/** Ajv errors as JSON paths (`$.webhook.event`), without the duplicates `anyOf` branches repeat. */
function violations(errors: AjvError[]): WebhookViolation[] {
  const seen = new Set<string>();
  const out: WebhookViolation[] = [];
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (error.keyword === 'required' && typeof error.params?.missingProperty === 'string') segments.push(error.params.missingProperty);
    const path = `$${segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('')}`;
    const message = error.keyword === 'required' ? 'is required' : (error.message ?? error.keyword);
    const key = `${path} ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  }
  return out.length ? out : [{ path: '$', message: 'does not match any documented webhook payload' }];
}
