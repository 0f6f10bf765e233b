// One line of facts per vendor for people: title, operation count, auth, base URL. Used by
// the landing page and the tables `npm run mock` and `npm start` print.
import { credentialScheme } from './client-identity.js';
import { defaultServerUrl, listOperations, loadBundle } from './openapi.js';
import type { Vendor } from './project.js';

export interface VendorSummary {
  name: string;
  title: string;
  operations: number;
  webhooks: number;
  auth: string;
  baseUrl: string;
  /** True when the base URL has server variables the user must usually set. */
  baseUrlHasVariables: boolean;
}

export function summarizeVendor(vendor: Vendor): VendorSummary {
  const doc = loadBundle(vendor.bundlePath);
  const { scheme } = credentialScheme(vendor.name, doc);
  const auth = {
    apiKey: `API key in the ${scheme.type === 'apiKey' ? `\`${scheme.header}\`` : ''} header, sent as it is`,
    bearer: 'HTTP Bearer: `Authorization: Bearer <key>`',
    basicToken: 'HTTP Basic with a pre-encoded token: `Authorization: Basic <token>`',
    basic: 'HTTP Basic: user name and password',
  }[scheme.type];
  return {
    name: vendor.name,
    title: String(doc.info?.title ?? vendor.name),
    operations: listOperations(doc).length,
    webhooks: listOperations(doc, 'webhooks').length,
    auth: `${auth} (client options: ${scheme.options.join(', ')})`,
    baseUrl: defaultServerUrl(doc) ?? `${doc.servers?.[0]?.url ?? '(no server)'} (baseUrl is required)`,
    baseUrlHasVariables: Object.keys(doc.servers?.[0]?.variables ?? {}).length > 0,
  };
}

/** A plain-text table with aligned columns. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
