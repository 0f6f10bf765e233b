// The checks verify makes of one observed response, each under its own name in the reports.
import { deref, isJsonMediaType, type Doc, type Operation } from '../../spec/openapi.js';
import type { SchemaValidator } from '../../spec/schema-validator.js';

export type CheckName = 'status-documented' | 'content-type-documented' | 'body-schema' | 'required-headers' | 'ignored-auth';

export interface CheckResult {
  name: CheckName;
  outcome: 'passed' | 'deviated' | 'skipped';
  /** What was wrong (deviated) or why it was not checked (skipped). */
  details: string[];
}

export interface Observation {
  status: number;
  headers: Headers;
  text: string;
}

/** The documented response for a status: exact, then `4XX`-style ranges, then `default`. */
export function documentedResponse(doc: Doc, op: Operation, status: number): { key: string; response: Doc } | undefined {
  const responses = (op.operation.responses ?? {}) as Record<string, Doc>;
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
  return key === undefined ? undefined : { key, response: deref(doc, responses[key]) };
}

export function checkResponse(doc: Doc, op: Operation, seen: Observation, validator: SchemaValidator): CheckResult[] {
  const documented = documentedResponse(doc, op, seen.status);
  const declared = Object.keys((op.operation.responses ?? {}) as object).join(', ');
  if (!documented) {
    return [
      { name: 'status-documented', outcome: 'deviated', details: [`HTTP ${seen.status} is not documented (documented: ${declared})`] },
      { name: 'content-type-documented', outcome: 'skipped', details: ['undocumented status'] },
      { name: 'body-schema', outcome: 'skipped', details: ['undocumented status'] },
      { name: 'required-headers', outcome: 'skipped', details: ['undocumented status'] },
    ];
  }
  const results: CheckResult[] = [{ name: 'status-documented', outcome: 'passed', details: [`HTTP ${seen.status} (${documented.key})`] }];
  const content = (documented.response.content ?? {}) as Record<string, Doc>;
  const mediaType = (seen.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const hasBody = seen.text.length > 0;
  const mediaKey = Object.keys(content).find((k) => k.toLowerCase() === mediaType) ?? Object.keys(content).find((k) => mediaMatches(k, mediaType));
  if (!hasBody && Object.keys(content).length === 0) {
    results.push({ name: 'content-type-documented', outcome: 'passed', details: ['no body, none documented'] });
  } else if (!hasBody) {
    results.push({ name: 'content-type-documented', outcome: 'deviated', details: [`empty body; documented: ${Object.keys(content).join(', ')}`] });
  } else if (!mediaKey) {
    results.push({
      name: 'content-type-documented',
      outcome: 'deviated',
      details: [`Content-Type "${mediaType || '(none)'}" is not documented for ${documented.key} (documented: ${Object.keys(content).join(', ') || 'no body'})`],
    });
  } else {
    results.push({ name: 'content-type-documented', outcome: 'passed', details: [mediaKey] });
  }
  results.push(bodyCheck(op, documented.key, mediaKey, seen.text, validator));
  const missingHeaders = Object.entries((documented.response.headers ?? {}) as Record<string, Doc>)
    .filter(([, header]) => deref(doc, header)?.required === true)
    .map(([name]) => name)
    .filter((name) => !seen.headers.has(name));
  results.push(
    missingHeaders.length
      ? { name: 'required-headers', outcome: 'deviated', details: missingHeaders.map((h) => `missing required header ${h}`) }
      : { name: 'required-headers', outcome: 'passed', details: [] },
  );
  return results;
}

function bodyCheck(op: Operation, statusKey: string, mediaKey: string | undefined, text: string, validator: SchemaValidator): CheckResult {
  if (!mediaKey) return { name: 'body-schema', outcome: 'skipped', details: ['no documented media type to check against'] };
  if (!isJsonMediaType(mediaKey)) return { name: 'body-schema', outcome: 'skipped', details: [`${mediaKey} is not JSON`] };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { name: 'body-schema', outcome: 'deviated', details: ['the body is not JSON'] };
  }
  const pointer = `${op.pointer}/responses/${statusKey}/content/${mediaKey.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
  const violations = validator.violations(pointer, body);
  return violations.length
    ? { name: 'body-schema', outcome: 'deviated', details: violations.map((v) => `${v.path}: ${v.message}`) }
    : { name: 'body-schema', outcome: 'passed', details: [] };
}

function mediaMatches(documented: string, actual: string): boolean {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [aType, aSubtype] = actual.split('/');
  return (type === '*' || type === aType) && (subtype === '*' || subtype === aSubtype);
}

/** The same request without credentials must be refused. A 2xx is a security finding. */
export function checkIgnoredAuth(status: number | undefined, skippedBecause?: string): CheckResult & { securityFinding: boolean } {
  if (skippedBecause) return { name: 'ignored-auth', outcome: 'skipped', details: [skippedBecause], securityFinding: false };
  if (status === 401 || status === 403) return { name: 'ignored-auth', outcome: 'passed', details: [`HTTP ${status} without credentials`], securityFinding: false };
  const finding = status !== undefined && status >= 200 && status < 300;
  return {
    name: 'ignored-auth',
    outcome: 'deviated',
    details: [finding ? `SECURITY: answered HTTP ${status} without credentials` : `without credentials: HTTP ${status ?? 'no response'}, expected 401 or 403`],
    securityFinding: finding,
  };
}
