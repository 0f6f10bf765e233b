// Provider verification: sends the planned operations to a live API through the vendor's
// generated client (paced, retried, honouring Retry-After) and checks every response
// against the spec. Inputs come from fixtures, links and documented examples (inputs.ts);
// each response is checked (checks.ts) and reported (report.ts). Nothing here knows a vendor.
import { loadGeneratedClient } from '../../spec/generated-client.js';
import { listLinks } from '../../spec/links.js';
import { loadBundle, requiresCredentials, type Operation } from '../../spec/openapi.js';
import { createSchemaValidator } from '../../spec/schema-validator.js';
import { checkIgnoredAuth, checkResponse, type CheckResult, type Observation } from './checks.js';
import { readCredentials, scrub } from './credentials.js';
import { readFixtures, resolveInputs, type Fixture, type Observed } from './inputs.js';
import { VERIFY_TIMEOUT_MS, type VerifyOptions } from './options.js';
import { planOperations, type PlannedOperation } from './plan.js';
import { recordExample } from './record.js';
import { summarize, type OperationResult, type Report } from './report.js';

export interface VerifyRun {
  report: Report;
  /** The plan as printed before anything was sent. */
  plan: PlannedOperation[];
  recorded: string[];
  /** Replaces every credential in a text; apply to anything printed or written. */
  scrub(text: string): string;
}

/** Statuses that mean "the API could not answer now", reported as unavailable, not as deviations. */
const isUnavailable = (status: number) => status === 429 || status >= 500;

export async function verify(options: VerifyOptions, hooks: { onPlan?: (plan: PlannedOperation[]) => void; env?: NodeJS.ProcessEnv } = {}): Promise<VerifyRun> {
  const { vendor } = options;
  const doc = loadBundle(vendor.bundlePath);
  const generated = await loadGeneratedClient(vendor);
  const credentials = readCredentials(vendor.name, generated.descriptor.auth, hooks.env);
  const plan = planOperations(doc, options.includeWrites);
  const fixtures = options.fixtures ? readFixtures(options.fixtures, plan.map((p) => p.op.operationId)) : {};
  hooks.onPlan?.(plan);

  const pace = pacer(options.rate);
  const send = (request: Request) => pace().then(() => fetch(request));
  const timeoutMs = options.timeoutMs ?? VERIFY_TIMEOUT_MS;
  const client = generated.create({ ...credentials.options, baseUrl: options.baseUrl, fetch: send, retry: { retries: 2 }, timeoutMs });
  const anonymous = generated.create({
    ...credentials.options,
    baseUrl: options.baseUrl,
    retry: { retries: 2 },
    timeoutMs,
    fetch: (request: Request) => {
      const stripped = new Request(request);
      for (const name of credentials.headerNames) stripped.headers.delete(name);
      return send(stripped);
    },
  });

  const validator = createSchemaValidator(doc);
  const links = listLinks(doc);
  const observed: Observed[] = [];
  const results = new Map<Operation, OperationResult>();
  const recorded: string[] = [];
  const target = `${new URL(options.baseUrl).origin}${new URL(options.baseUrl).pathname}`.replace(/\/$/, '');
  const startedAt = new Date().toISOString();

  for (const planned of plan.filter((p) => !p.run)) results.set(planned.op, skipped(planned.op, planned.why));
  // Run in rounds: an operation waits while a runnable operation that links to it has not run,
  // so linked ids win over documented examples; whatever still lacks an input is skipped.
  let pending = plan.filter((p) => p.run).map((p) => p.op);
  while (pending.length) {
    const waiting = new Set(pending.map((op) => op.operationId));
    const ready = pending.filter((op) => !links.some((l) => l.target.operationId === op.operationId && waiting.has(l.source.operationId) && l.source.operationId !== op.operationId));
    const batch = ready.length ? ready : pending;
    for (const op of batch) {
      const inputs = resolveInputs(doc, op, fixtures[op.operationId] as Fixture | undefined, observed, validator);
      if (inputs.missing.length) {
        results.set(op, skipped(op, `no value for ${inputs.missing.join(', ')}${inputs.unfit.length ? `; not sent: ${inputs.unfit.join(', ')}` : ''}`));
        continue;
      }
      const started = performance.now();
      const seen = await call(client, op, inputs);
      let result: OperationResult;
      if (seen instanceof Error) {
        result = { ...base(op), outcome: 'unavailable', reason: scrub(seen.message.split('\n')[0]!, credentials.secrets), checks: [] };
      } else if (isUnavailable(seen.status)) {
        const retryAfter = seen.headers.get('retry-after');
        result = { ...base(op), outcome: 'unavailable', reason: `HTTP ${seen.status} after retries${retryAfter ? ` (Retry-After: ${retryAfter})` : ''}`, checks: [] };
      } else {
        const checks: CheckResult[] = checkResponse(doc, op, seen, validator);
        let securityFinding = false;
        if (requiresCredentials(op)) {
          if (op.method === 'get' || op.method === 'head') {
            const bare = await call(anonymous, op, inputs);
            const auth = checkIgnoredAuth(bare instanceof Error ? undefined : bare.status);
            securityFinding = auth.securityFinding;
            checks.push(auth);
          } else {
            checks.push(checkIgnoredAuth(undefined, 'not sent for a write: an API that ignores credentials would perform it again'));
          }
        }
        const deviated = checks.filter((c) => c.outcome === 'deviated');
        result = {
          ...base(op),
          outcome: deviated.length ? 'deviated' : 'passed',
          reason: deviated.length ? deviated.slice(0, 2).map((c) => `${c.name}: ${c.details.slice(0, 2).join('; ')}`).join(' | ') : `HTTP ${seen.status}`,
          checks,
          securityFinding,
        };
        const body = parseJson(seen.text);
        if (seen.status >= 200 && seen.status < 300 && body !== undefined) {
          for (const link of links.filter((l) => l.source.operationId === op.operationId && l.status === String(seen.status))) {
            observed.push({ link, requestPath: inputs.path, requestQuery: inputs.query, responseBody: body });
          }
          if (options.record) {
            recorded.push(recordExample(options.record, { operationId: op.operationId, status: seen.status, target, observedAt: new Date().toISOString() }, body, credentials.secrets));
          }
        }
      }
      result.ms = Math.round(performance.now() - started);
      results.set(op, result);
    }
    pending = pending.filter((op) => !results.has(op));
  }

  const operations = plan.map((p) => results.get(p.op)!);
  const report: Report = { tool: 'verify', vendor: vendor.name, target, startedAt, operations, summary: summarize(operations) };
  return { report, plan, recorded, scrub: (text) => scrub(text, credentials.secrets) };
}

function base(op: Operation) {
  return { operationId: op.operationId, method: op.method.toUpperCase(), path: op.key, securityFinding: false };
}

function skipped(op: Operation, reason: string): OperationResult {
  return { ...base(op), outcome: 'skipped', reason, checks: [] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(client: any, op: Operation, inputs: ReturnType<typeof resolveInputs>): Promise<Observation | Error> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const init: Record<string, any> = { params: { path: inputs.path, query: inputs.query }, parseAs: 'text' };
  if (inputs.body !== undefined) {
    init.body = inputs.body;
    if (inputs.mediaType && !/json/.test(inputs.mediaType)) {
      init.headers = { 'Content-Type': inputs.mediaType };
      init.bodySerializer = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));
    }
  }
  try {
    const { response, data, error } = await client.request(op.method, op.key, init);
    return { status: response.status, headers: response.headers, text: String(data ?? error ?? '') };
  } catch (error) {
    return error as Error;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** At most `rate` request starts per second, retries included. */
function pacer(rate: number): () => Promise<void> {
  const interval = 1000 / rate;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}
