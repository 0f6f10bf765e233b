// One vendor as the contract tests see it: bundled spec, cases, its generated client
// factory, test credentials, an Ajv validator and an in-process Prism mock.
import type { CredentialScheme } from '../../src/client/auth.js';
import { loadBundle, type Doc } from '../../src/spec/openapi.js';
import type { Vendor } from '../../src/spec/project.js';
import { startMock, type MockServer } from '../../src/tools/mock/prism.js';
import { buildCases, type VendorCases } from './cases.js';
import { createSchemaValidator, type SchemaValidator } from '../../src/spec/schema-validator.js';

export { loadGeneratedClient, type GeneratedClientModule } from '../../src/spec/generated-client.js';

export interface VendorUnderTest {
  vendor: Vendor;
  doc: Doc;
  cases: VendorCases;
  validator: SchemaValidator;
}

/** Everything that can be known before any server starts (vitest needs the cases at collection time). */
export function describeVendor(vendor: Vendor): VendorUnderTest {
  const doc = loadBundle(vendor.bundlePath);
  return { vendor, doc, cases: buildCases(doc), validator: createSchemaValidator(doc) };
}

/** Credentials the mock accepts. Prism checks that a Basic token decodes to `user:password`. */
export function testCredentials(auth: CredentialScheme): Record<string, string> {
  const values: Record<string, string> = {};
  auth.options.forEach((name, i) => {
    values[name] = auth.type === 'basicToken' ? btoa('contract:test-secret') : `contract-test-${i}`;
  });
  return values;
}

/** The header that carries the credential, to strip it for the 401 cases. */
export function credentialHeader(auth: CredentialScheme): string {
  return auth.type === 'apiKey' ? auth.header : 'Authorization';
}

export async function startVendorMock(vendor: Vendor): Promise<MockServer> {
  return startMock(vendor.bundlePath, { logLevel: 'silent' });
}
