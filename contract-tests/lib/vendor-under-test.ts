// One vendor as the contract tests see it: bundled spec, cases, its generated client
// factory, test credentials, an Ajv validator and an in-process Prism mock.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CredentialScheme } from '../../src/auth.js';
import type { ClientOptionsBase, VendorDescriptor } from '../../src/client.js';
import { loadBundle, type Doc } from '../../scripts/lib/openapi.js';
import type { Vendor } from '../../scripts/lib/project.js';
import { startMock, type MockServer } from '../../scripts/lib/prism.js';
import { buildCases, type VendorCases } from './cases.js';
import type { AnyClient } from './call.js';
import { createSchemaValidator, type SchemaValidator } from './validator.js';

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

export interface GeneratedClientModule {
  descriptor: VendorDescriptor;
  create(options: ClientOptionsBase & Record<string, unknown>): AnyClient;
}

/** Imports generated/<vendor>/index.ts and finds its descriptor and factory by the descriptor's name. */
export async function loadGeneratedClient(vendor: Vendor): Promise<GeneratedClientModule> {
  const mod = (await import(pathToFileURL(path.join(vendor.generatedDir, 'index.ts')).href)) as Record<string, unknown>;
  const descriptor = mod[`${vendor.name}Api`] as VendorDescriptor | undefined;
  if (!descriptor) throw new Error(`generated/${vendor.name}/index.ts exports no ${vendor.name}Api descriptor`);
  const create = mod[descriptor.factory] as GeneratedClientModule['create'] | undefined;
  if (typeof create !== 'function') throw new Error(`generated/${vendor.name}/index.ts exports no ${descriptor.factory}()`);
  return { descriptor, create };
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
