// Verify (and proxy) results as a table, a JSON file and JUnit XML, so any CI shows them.
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../spec/project.js';
import { textTable } from '../../spec/vendor-summary.js';
import type { CheckResult } from './checks.js';

/**
 * `invalid-request` (proxy only): the client's request violated the spec, so whatever the
 * vendor answered is not evidence of drift; it is the client's mistake, counted apart.
 */
export type Outcome = 'passed' | 'deviated' | 'skipped' | 'unavailable' | 'invalid-request';

export interface OperationResult {
  operationId: string;
  method: string;
  path: string;
  outcome: Outcome;
  /** The skip or unavailability reason, or the first deviations. */
  reason: string;
  checks: CheckResult[];
  securityFinding: boolean;
  /** Request time in ms (both requests), when sent. */
  ms?: number;
}

export interface Report {
  tool: 'verify' | 'proxy';
  vendor: string;
  /** Origin and path of the checked API (no query, no credentials). */
  target: string;
  startedAt: string;
  operations: OperationResult[];
  summary: Record<Outcome, number>;
}

export function summarize(operations: OperationResult[]): Record<Outcome, number> {
  const summary: Record<Outcome, number> = { passed: 0, deviated: 0, skipped: 0, unavailable: 0, 'invalid-request': 0 };
  for (const op of operations) summary[op.outcome]++;
  return summary;
}

export function reportTable(report: Report): string {
  const findings = report.operations.filter((o) => o.securityFinding);
  const lines: string[] = [];
  if (findings.length) {
    lines.push(`SECURITY FINDINGS (${findings.length}): answered 2xx without credentials`);
    for (const f of findings) lines.push(`  ${f.method} ${f.path} (${f.operationId})`);
    lines.push('');
  }
  lines.push(
    textTable(
      ['operation', 'request', 'result', 'detail'],
      report.operations.map((o) => [o.operationId, `${o.method} ${o.path}`, o.outcome, o.reason]),
    ),
  );
  const s = report.summary;
  lines.push('', `${report.vendor}: ${s.passed} passed, ${s.deviated} deviated, ${s.skipped} skipped, ${s.unavailable} unavailable${report.tool === 'proxy' ? `; ${s['invalid-request']} invalid request(s) from the client` : ''}`);
  return lines.join('\n');
}

/** Above this share of unavailable operations (of those sent) a run proves too little to pass. */
export const MAX_UNAVAILABLE_SHARE = 0.5;

/**
 * Why a run that found no deviation still cannot pass, or undefined: nothing was checked, or
 * more than half of what was sent got no usable answer. The reason names the cause (host
 * unreachable, every answer 5xx/429) so a typo in --base-url is a red CI step, not a green one.
 */
export function uncheckedVerdict(report: Report): string | undefined {
  const s = report.summary;
  const sent = s.passed + s.deviated + s.unavailable;
  const checked = s.passed + s.deviated;
  if (checked > 0 && s.unavailable <= MAX_UNAVAILABLE_SHARE * sent) return undefined;
  const unavailable = report.operations.filter((o) => o.outcome === 'unavailable');
  const cause = sent === 0
    ? 'no operation was sent (every one skipped)'
    : unavailable.every((o) => !/^HTTP \d/.test(o.reason))
      ? `the host did not answer: ${unavailable[0]?.reason ?? ''}`
      : unavailable.every((o) => /^HTTP \d/.test(o.reason))
        ? `every unavailable answer was ${[...new Set(unavailable.map((o) => o.reason.split(' ')[1]))].join('/')} after retries`
        : `${unavailable.length} of ${sent} requests got no usable answer (first: ${unavailable[0]?.reason ?? ''})`;
  return `${checked === 0 ? 'Nothing was checked' : `Only ${checked} of ${sent} operations could be checked`}: ${cause.replace(/\.+$/, '')}.`;
}

/** Fails now, before anything is sent, if the report folder cannot be made or written. */
export function checkReportDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`--report ${dir}: cannot create or write this folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was sent.`, 2);
  }
}

export function writeReports(report: Report, dir: string, scrub: (text: string) => string): string[] {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${report.tool}-${report.vendor}`);
  writeFileSync(`${base}.json`, scrub(`${JSON.stringify(report, null, 2)}\n`));
  writeFileSync(`${base}.xml`, scrub(junit(report)));
  return [`${base}.json`, `${base}.xml`];
}

function junit(report: Report): string {
  const s = report.summary;
  const cases = report.operations.map((o) => {
    const name = `${o.method} ${o.path} (${o.operationId})`;
    const time = ((o.ms ?? 0) / 1000).toFixed(3);
    const failures = o.checks.filter((c) => c.outcome === 'deviated');
    let inner = '';
    if (o.outcome === 'skipped') inner = `<skipped message="${xml(`skipped: ${o.reason}`)}"/>`;
    // Nothing was checked: an error, not a pass (and not a skip a CI would hide).
    else if (o.outcome === 'unavailable') inner = `<error type="unavailable" message="${xml(o.reason)}">${xml(o.reason)}</error>`;
    else if (o.outcome === 'invalid-request') inner = `<failure type="invalid-request" message="${xml(`the client's request violated the spec: ${o.reason}`)}">${xml(o.reason)}</failure>`;
    else if (failures.length) {
      inner = failures.map((c) => `<failure type="${c.name}" message="${xml(c.details[0] ?? c.name)}">${xml(c.details.join('\n'))}</failure>`).join('');
    }
    return `    <testcase classname="${xml(`${report.tool}.${report.vendor}`)}" name="${xml(name)}" time="${time}">${inner}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${report.tool}" tests="${report.operations.length}" failures="${s.deviated + s['invalid-request']}" errors="${s.unavailable}" skipped="${s.skipped}">
  <testsuite name="${xml(`${report.tool} ${report.vendor} ${report.target}`)}" tests="${report.operations.length}" failures="${s.deviated + s['invalid-request']}" errors="${s.unavailable}" skipped="${s.skipped}" timestamp="${report.startedAt}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
