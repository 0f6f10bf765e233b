// The errors a vendor client throws. Messages name the operation and the vendor's own error
// text, never a credential, a header value or a query string.

export interface OperationRef {
  /** HTTP method, upper case. */
  method: string;
  /** Path template from the spec, e.g. `/users/{user_uuid}/`. */
  path: string;
}

/** A non-2xx response, thrown when the client was created with `throwOnError: true` (and always by `paginate`). */
export class ApiError<Body = unknown> extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly vendor: string,
    readonly status: number,
    readonly operation: OperationRef,
    /** The parsed body (JSON when it parses, else text), typed per the vendor's documented error schema. */
    readonly body: Body,
    readonly headers: Headers,
  ) {
    const text = vendorErrorText(body);
    super(`${vendor} ${operation.method} ${operation.path} failed with HTTP ${status}${text ? `: ${text}` : ''}`);
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

/** `paginate`/`pages` cannot go on safely (a next link to another host, no progress, a body without items). */
export class PaginationError extends Error {
  override readonly name = 'PaginationError';
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

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
