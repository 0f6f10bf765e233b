// What a vendor's client is called and how it authenticates, read from the bundled spec
// (`info.x-client-name`, the global security scheme and its `x-client-credentials`). Used by
// the generator, the code samples, the vendor summaries and the tools.
import type { CredentialScheme } from '../client/auth.js';
import type { Doc } from './openapi.js';

export function clientName(vendor: string, doc: Doc): string {
  const name: unknown = doc.info?.['x-client-name'];
  if (name !== undefined && (typeof name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(name))) {
    throw new Error(`${vendor}: info.x-client-name must be PascalCase, got ${JSON.stringify(name)}`);
  }
  return (name as string | undefined) ?? vendor.charAt(0).toUpperCase() + vendor.slice(1);
}

/** The credential scheme of the spec's global security requirement. */
export function credentialScheme(vendor: string, doc: Doc): { scheme: CredentialScheme; description: string } {
  const requirement = doc.security?.[0];
  const schemeName = requirement && Object.keys(requirement)[0];
  if (!schemeName) throw new Error(`${vendor}: the spec has no global security requirement`);
  const scheme = doc.components?.securitySchemes?.[schemeName];
  if (!scheme) throw new Error(`${vendor}: security scheme ${schemeName} is not defined`);
  const declared: unknown = scheme['x-client-credentials'];
  if (declared !== undefined && (!Array.isArray(declared) || !declared.every((n) => typeof n === 'string' && /^[a-z][A-Za-z0-9]*$/.test(n)))) {
    throw new Error(`${vendor}: ${schemeName}.x-client-credentials must be a list of camelCase option names`);
  }
  const names = declared as string[] | undefined;
  const description = String(scheme.description ?? '');
  const one = (fallback: string): readonly [string] => {
    const list = names ?? [fallback];
    if (list.length !== 1) throw new Error(`${vendor}: ${schemeName} takes exactly one credential option`);
    return [list[0]!];
  };
  if (scheme.type === 'apiKey' && scheme.in === 'header') {
    return { scheme: { type: 'apiKey', header: scheme.name, options: one('apiKey') }, description };
  }
  if (scheme.type === 'http' && /^bearer$/i.test(scheme.scheme)) {
    return { scheme: { type: 'bearer', options: one('token') }, description };
  }
  if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) {
    const list = names ?? ['username', 'password'];
    if (list.length === 1) return { scheme: { type: 'basicToken', options: [list[0]!] }, description };
    if (list.length === 2) return { scheme: { type: 'basic', options: [list[0]!, list[1]!] }, description };
    throw new Error(`${vendor}: ${schemeName} (http basic) takes one (pre-encoded token) or two (user, password) credential options`);
  }
  throw new Error(`${vendor}: security scheme ${schemeName} (${scheme.type}/${scheme.scheme ?? scheme.in}) is not supported by src/auth.ts`);
}
