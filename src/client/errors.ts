// The errors a vendor client throws. Messages name the operation and the vendor's own error
// text, never a credential, a header value or a query string.

export interface OperationRef {
  /** HTTP method, upper case. */
  method: string;
  /** Path template from the spec, e.g. `/users/{user_uuid}/`. */
  path: string;
}

/** One entry of the `sl-violations` header a Prism mock or proxy sends with a request or response it found invalid. */
export interface Violation {
  /** Where, e.g. `['request', 'body', 'user_id']`. */
  location: string[];
  message: string;
  /** The JSON Schema keyword or rule, e.g. `required`, `additionalProperties`. */
  code: string;
  severity?: string;
}

/** How many violations an ApiError message names before "and N more". */
const VIOLATIONS_IN_MESSAGE = 3;

/** A non-2xx response, thrown when the client was created with `throwOnError: true` (and always by `paginate`). */
export class ApiError<Body = unknown> extends Error {
  override readonly name = 'ApiError';
  /**
   * What a Prism mock or proxy found wrong with the request (or the response): its
   * `sl-violations` header, or the `validation` list of its own 422 problem+json. Empty for
   * a real API's own errors.
   */
  readonly violations: Violation[];
  constructor(
    readonly vendor: string,
    readonly status: number,
    readonly operation: OperationRef,
    /** The parsed body (JSON when it parses, else text), typed per the vendor's documented error schema. */
    readonly body: Body,
    readonly headers: Headers,
  ) {
    const violations = parseViolations(headers.get('sl-violations')) ?? prismProblemViolations(body) ?? [];
    const text = violations.length ? violationsText(violations) : vendorErrorText(body);
    super(`${vendor} ${operation.method} ${operation.path} failed with HTTP ${status}${text ? `: ${text}` : ''}`);
    this.violations = violations;
  }
}

/** The request never got a response: DNS, refused or reset connection, TLS (after the client's retries). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly vendor: string,
    readonly operation: OperationRef,
    /** Origin and path of the request, without its query (which may carry keys). */
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(
      `${vendor} ${operation.method} ${operation.path}: no response from ${url} (${causeText(options.cause)}). Check the client's baseUrl and that the server is running and reachable.`,
      options,
    );
  }
}

/** The request did not complete within `timeoutMs`. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly vendor: string,
    readonly operation: OperationRef,
    readonly timeoutMs: number,
  ) {
    super(`${vendor} ${operation.method} ${operation.path} timed out after ${timeoutMs} ms (raise the client's timeoutMs option if the API is slow).`);
  }
}

/**
 * The server answered with a redirect the client will not follow: to another origin (the
 * credentials would go with it), past the redirect limit, or one the runtime hides.
 */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  constructor(
    readonly vendor: string,
    readonly operation: OperationRef,
    /** The origin of the client's baseUrl: the only one that gets credentials. */
    readonly from: string,
    /** Where the redirect led (origin only), when readable. */
    readonly to: string | undefined,
    /** Why it was not followed, when it is not "another origin". */
    readonly reason?: string,
  ) {
    super(
      reason
        ? `${vendor} ${operation.method} ${operation.path}: redirect from ${from} not followed: ${reason}.`
        : `${vendor} ${operation.method} ${operation.path}: the server at ${from} redirected to ${to}, another origin; the client sends credentials only to ${from}, so it did not follow. If ${to} is the API's new home, pass it as baseUrl.`,
    );
  }
}

/** A 2xx response whose body is not what the spec promises: JSON that does not parse, or no body where one is documented. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  constructor(
    readonly vendor: string,
    readonly operation: OperationRef,
    readonly status: number,
    /** What is wrong, e.g. "a body that is not valid JSON (…)". */
    readonly problem: string,
    options?: { cause: unknown },
  ) {
    super(`${vendor} ${operation.method} ${operation.path} answered HTTP ${status} with ${problem}.`, options);
  }
}

/** Why a walk cannot go on safely. */
export type PaginationProblem = 'foreign-host' | 'foreign-path' | 'no-items';

/** `paginate`/`pages` cannot go on safely (a next link to another host or path, a body without items). */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
  constructor(
    message: string,
    readonly problem: PaginationProblem,
  ) {
    super(message);
  }
}

export interface WebhookViolation {
  /** JSON path of the offending value, e.g. `$.webhook.event`. */
  path: string;
  message: string;
}

/** A webhook body that does not match the spec's webhook schema. */
export class WebhookValidationError extends Error {
  override readonly name = 'WebhookValidationError';
  constructor(
    readonly vendor: string,
    readonly violations: WebhookViolation[],
  ) {
    super(`${vendor} webhook body is invalid:\n${violations.map((v) => `  ${v.path}: ${v.message}`).join('\n')}`);
  }
}

const MESSAGE_FIELDS = ['error_message', 'message', 'detail', 'error_description', 'error', 'title', 'errors'];

/** The vendor's own error text: the first message-like field of a JSON body, or a short text body. */
export function vendorErrorText(body: unknown): string {
  if (typeof body === 'string') return truncate(body.trim());
  if (body && typeof body === 'object') {
    for (const field of MESSAGE_FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim()) return truncate(value.trim());
      if (value && typeof value === 'object') return truncate(JSON.stringify(value));
    }
  }
  return '';
}

/** Prism's `sl-violations` header: a JSON array of `{ location, severity, code, message }`; undefined when absent or unreadable. */
export function parseViolations(header: string | null): Violation[] | undefined {
  if (!header) return undefined;
  try {
    return toViolations(JSON.parse(header));
  } catch {
    return undefined;
  }
}

/** Prism answers an invalid request with problem+json whose `validation` lists the violations when the spec declares no 4xx of its own. */
function prismProblemViolations(body: unknown): Violation[] | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { type, validation } = body as { type?: unknown; validation?: unknown };
  if (typeof type !== 'string' || !type.startsWith('https://stoplight.io/prism/errors#')) return undefined;
  return toViolations(validation);
}

function toViolations(parsed: unknown): Violation[] | undefined {
  if (!Array.isArray(parsed)) return undefined;
  return parsed
    .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && typeof (v as Violation).message === 'string')
    .map((v) => ({
      location: Array.isArray(v.location) ? v.location.map(String) : [],
      message: String(v.message),
      code: String(v.code ?? ''),
      ...(typeof v.severity === 'string' ? { severity: v.severity } : {}),
    }));
}

function violationsText(violations: Violation[]): string {
  const named = violations.slice(0, VIOLATIONS_IN_MESSAGE).map((v) => `${v.location.join('.') || '(request)'}: ${v.message}`);
  const more = violations.length - named.length;
  return truncate(`${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
}

/** The low-level reason (undici puts it in `cause.cause`), e.g. "connect ECONNREFUSED 127.0.0.1:9". */
function causeText(cause: unknown): string {
  const inner = (cause as { cause?: unknown })?.cause ?? cause;
  const code = (inner as { code?: unknown })?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return truncate(typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message);
}

/**
 * The error with every credential value replaced by `***`: in its message and stack, and in
 * the strings of an ApiError body (a vendor may echo the key it rejected). The client calls
 * this on everything it throws.
 */
export function redactSecrets<E>(error: E, secrets: readonly string[]): E {
  const values = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (!(error instanceof Error) || values.length === 0) return error;
  const scrub = (text: string) => values.reduce((out, secret) => out.split(secret).join('***'), text);
  const scrubDeep = (value: unknown): unknown =>
    typeof value === 'string' ? scrub(value)
      : Array.isArray(value) ? value.map(scrubDeep)
        : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v)]))
          : value;
  error.message = scrub(error.message);
  if (error.stack) error.stack = scrub(error.stack);
  if (error instanceof ApiError) Object.defineProperty(error, 'body', { value: scrubDeep(error.body), enumerable: true });
  return error;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
