// Entry point of the `vendor-apis` package: the shared runtime and its errors. Each
// vendor's client is its own subpath (`vendor-apis/<vendor>`), generated from its spec.
export { createVendorClient } from './client.js';
export type { ClientOptionsBase, PageItem, StrictVendorClient, VendorClient, VendorDescriptor } from './client.js';
export type { CredentialScheme } from './auth.js';
export { ApiError, InvalidResponseError, NetworkError, PaginationError, RedirectError, TimeoutError, WebhookValidationError } from './errors.js';
export type { OperationRef, PaginationProblem, Violation, WebhookViolation } from './errors.js';
export type { Page, PaginateOptions, PaginationSpec } from './pagination.js';
export type { RetryOptions } from './transport.js';
