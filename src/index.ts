// Entry point of the `vendor-apis` package: the shared runtime. Each vendor's client is
// its own subpath (`vendor-apis/<vendor>`), generated from its spec.
export { createVendorClient } from './client.js';
export type { ClientOptionsBase, VendorClient, VendorDescriptor } from './client.js';
export type { CredentialScheme } from './auth.js';
