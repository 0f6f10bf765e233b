// The fault table: servers that misbehave (refuse, reset, never answer, drip, 500, HTML or
// truncated JSON with 200, an empty 200, a key echoed back, 20 MB, a redirect to another
// origin) and bad input (unreadable or malformed bundles, bad listen addresses), run against
// the client and each tool. Every row asserts: it ends in a bounded time (the fault alone
// would hang for ever), one line names the cause, the right exit code or error class, and no
// credential anywhere in what it printed or threw. Add a row whenever a new fault is found.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError, InvalidResponseError, NetworkError, RedirectError, TimeoutError } from '../../src/client/errors.js';
import { deref, listOperations, loadBundle } from '../../src/spec/openapi.js';
import { credentialHeaders } from '../../src/client/auth.js';
import { credentialScheme } from '../../src/spec/client-identity.js';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { firstVendorWith, toProve, vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { sampleParams } from '../../src/spec/samples.js';
import { credentialVariables } from '../../src/tools/verify/credentials.js';
import { startMock } from '../../src/tools/mock/prism.js';
import { formatLine } from '../../src/tools/mock/log.js';
import { run } from '../../scripts/lib/run.js';
import { planOperations } from '../../src/tools/verify/plan.js';
import { startFault, type FaultKind } from '../lib/fault-servers.js';
import { runTool, spawnTool } from '../lib/tool-process.js';

/** Far above any deadline used here, far below "for ever". */
const BOUND_MS = 60_000;
const DEADLINE_MS = 1_000;
/**
 * The deadline a row gives: DEADLINE_MS where the fault never completes (the timeout is the
 * outcome under test), ample where the server does answer, so a busy machine cannot turn that
 * answer into a timeout.
 */
const deadlineFor = (kind: FaultKind) => (kind === 'silent' || kind === 'drip' ? DEADLINE_MS : BOUND_MS / 2);
const SECRET = 'c2VjcmV0LWZhdWx0OnNlY3JldC1mYXVsdA'; // decodes as user:password, so it fits every scheme
const tmp = mkdtempSync(path.join(os.tmpdir(), 'faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const vendors = listVendors();
/** A vendor's first GET whose 200 documents a JSON body. */
function jsonGet(vendor: (typeof vendors)[number]) {
  const doc = loadBundle(vendor.bundlePath);
  const op = listOperations(doc).find((o) => o.method === 'get' && Object.keys(o.operation.responses?.['200']?.content ?? {}).some((m) => /json/.test(m)))!;
  return { doc, op };
}
// The rows below stand for every vendor, so each takes the first vendor that has what it needs;
// a row is proven again only when the vendors its choice read changed (contract-tests/lib/shares.ts).
const firstWithGet = firstVendorWith((v) => jsonGet(v).op)!;
const first = firstWithGet.vendor;
/** This run proves the rows about `first`. */
const provesFirst = toProve(import.meta.url, firstWithGet.read);
/** This run proves the rows that read no vendor's data. */
const provesOwn = toProve(import.meta.url, []);

/** A tool's row: its exit code, the line naming the cause, clean, bounded, and nothing reached the other origin. */
function expectToolRow(result: { code: number; output: string; ms: number }, code: number, line: RegExp, fault: { elsewhere?: { seen: unknown[] } }): void {
  expect(result.code, result.output).toBe(code);
  expect(result.output).toMatch(line);
  clean(result.output);
  expect(result.ms).toBeLessThan(BOUND_MS);
  if (fault.elsewhere) expect(fault.elsewhere.seen).toEqual([]);
}

/** No line of stack trace and nothing of the secret. */
function clean(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toMatch(/\n\s+at /);
}

async function clientCall(vendor: (typeof vendors)[number], url: string, options: Record<string, unknown> = {}) {
  const { descriptor, create } = await loadGeneratedClient(vendor);
  const client = create({ ...Object.fromEntries(descriptor.auth.options.map((o) => [o, SECRET])), baseUrl: url, retry: false, timeoutMs: DEADLINE_MS, throwOnError: true, ...options }) as any;
  const { doc, op } = jsonGet(vendor);
  const started = performance.now();
  const outcome = await client.GET(op.key, { params: sampleParams(doc, op) }).then((r: unknown) => r, (e: unknown) => e);
  return { outcome, ms: performance.now() - started };
}

describe('faults × the client (throwOnError, retries off)', () => {
  const rows: Array<[FaultKind, new (...args: any[]) => Error, RegExp]> = [
    ['refused', NetworkError, /no response from .*ECONNREFUSED/],
    ['reset', NetworkError, /no response from .*(ECONNRESET|socket|closed)/i],
    ['silent', TimeoutError, /timed out after 1000 ms/],
    ['drip', TimeoutError, /timed out after 1000 ms/],
    ['http-500', ApiError, /failed with HTTP 500: internal error/],
    ['html-200', InvalidResponseError, /answered HTTP 200 with a body that is not valid JSON/],
    ['truncated-json', InvalidResponseError, /answered HTTP 200 with a body that is not valid JSON/],
    ['empty-200', InvalidResponseError, /answered HTTP 200 with an empty body, but the spec documents one/],
    ['key-echo-401', ApiError, /failed with HTTP 401: bad key \*\*\*/],
    ['cross-origin-redirect', RedirectError, /redirected to http:\/\/127\.0\.0\.1:\d+, another origin; the client sends credentials only to http:\/\/127\.0\.0\.1:\d+/],
  ];
  for (const [kind, type, message] of provesFirst ? rows : []) {
    it(`${kind}: ${type.name}, one line, bounded, no credential`, async () => {
      const fault = await startFault(kind, { echo: SECRET });
      try {
        const { outcome, ms } = await clientCall(first, fault.url, { timeoutMs: deadlineFor(kind) });
        expect(outcome).toBeInstanceOf(type);
        const error = outcome as Error;
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain('\n');
        for (const text of [error.message, String(error.stack), JSON.stringify(error), String(error)]) expect(text).not.toContain(SECRET);
        expect(ms).toBeLessThan(BOUND_MS);
        if (fault.elsewhere) expect(fault.elsewhere.seen).toEqual([]);
      } finally {
        await fault.close();
      }
    });
  }

  if (provesFirst) it('huge-200 (20 MB of JSON): read whole within the deadline it is given', async () => {
    const fault = await startFault('huge-200');
    try {
      const { outcome } = await clientCall(first, fault.url, { timeoutMs: BOUND_MS });
      expect((outcome as { data: { data: string } }).data.data).toHaveLength(20 * 1024 * 1024);
    } finally {
      await fault.close();
    }
  });

  // One per vendor, so every credential scheme: Node's fetch drops only Authorization across
  // origins, never X-API-KEY. Each vendor's first operation (a POST for a vendor with no GET).
  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: a redirect to another origin is refused and that origin gets no request, so no credential`, async () => {
      const fault = await startFault('cross-origin-redirect');
      try {
        const { descriptor, create } = await loadGeneratedClient(vendor);
        const doc = loadBundle(vendor.bundlePath);
        const op = listOperations(doc)[0]!;
        const client = create({ ...Object.fromEntries(descriptor.auth.options.map((o) => [o, SECRET])), baseUrl: fault.url, retry: false }) as any;
        const outcome = await client.request(op.method, op.key, { params: sampleParams(doc, op), ...(op.method === 'get' ? {} : { body: {} }) }).then((r: unknown) => r, (e: unknown) => e);
        expect(outcome).toBeInstanceOf(RedirectError);
        expect((outcome as RedirectError).message).not.toContain(SECRET);
        expect(fault.seen).toHaveLength(1);
        expect(fault.elsewhere!.seen).toEqual([]);
      } finally {
        await fault.close();
      }
    });
  }

  if (provesFirst) it('a deadline with a custom fetch survives garbage collection (the abort is raced, not only signalled)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const fault = await startFault('silent');
    try {
      const pending = clientCall(first, fault.url, { fetch: (request: Request) => fetch(request) });
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      const { outcome } = await pending;
      expect(outcome).toBeInstanceOf(TimeoutError);
    } finally {
      await fault.close();
    }
  });

  if (provesFirst) it('a baseUrl carrying a credential is refused by the factory, without echoing it', async () => {
    const { descriptor, create } = await loadGeneratedClient(first);
    const credentials = Object.fromEntries(descriptor.auth.options.map((o) => [o, SECRET]));
    for (const baseUrl of [`http://u:${SECRET}@127.0.0.1/v1`, `http://127.0.0.1/v1?api_key=${SECRET}`]) {
      const error = (() => { try { create({ ...credentials, baseUrl }); } catch (e) { return e as Error; } })();
      expect(error).toBeInstanceOf(TypeError);
      expect(error!.message).toMatch(/must not carry a (user name or password|query string)/);
      expect(error!.message).not.toContain(SECRET);
    }
  });
});

// verify against a fault host: the first vendor with a GET that verify runs.
const firstVerified = firstVendorWith((v) => planOperations(loadBundle(v.bundlePath), []).some((p) => p.run))!;
const verifyVendor = firstVerified.vendor;
const provesVerify = toProve(import.meta.url, firstVerified.read);

describe.concurrent('faults × the tools (vendor-apis …)', () => {
  const env = async () => {
    const { descriptor } = await loadGeneratedClient(verifyVendor);
    return Object.fromEntries(credentialVariables(verifyVendor.name, descriptor.auth).map((v) => [v.env, SECRET]));
  };
  const verifyRows: Array<[FaultKind, number, RegExp]> = [
    ['refused', 3, /Nothing was checked: the host did not answer: .*ECONNREFUSED/],
    ['silent', 3, /Nothing was checked: the host did not answer: .*timed out after 1000 ms/],
    ['http-500', 3, /Nothing was checked: every unavailable answer was 500 after retries/],
    ['html-200', 1, /deviated/],
    ['cross-origin-redirect', 3, /Nothing was checked: the host did not answer: .*another origin/],
  ];
  for (const [kind, code, line] of provesVerify ? verifyRows : []) {
    it(`verify, ${kind}: exit ${code}, the cause in one line`, async () => {
      const fault = await startFault(kind, { echo: SECRET });
      try {
        const result = await runTool(['verify', verifyVendor.name, '--base-url', fault.url, '--timeout', String(deadlineFor(kind)), '--rate', '1000', '--report', path.join(tmp, `verify-${kind}`)], await env());
        expectToolRow(result, code, line, fault);
        // Unavailable operations are JUnit errors, never passes.
        const junit = readFileSync(path.join(tmp, `verify-${kind}`, `verify-${verifyVendor.name}.xml`), 'utf8');
        if (code === 3) expect(junit).toMatch(/errors="[1-9]\d*"[^>]*skipped=/);
        if (code === 3) expect(junit).toContain('<error type="unavailable"');
      } finally {
        await fault.close();
      }
    });
  }

  if (provesVerify) it('verify --allow-unavailable keeps the old exit 0 for a run that checked nothing', async () => {
    const fault = await startFault('refused');
    const result = await runTool(['verify', verifyVendor.name, '--base-url', fault.url, '--timeout', String(deadlineFor('refused')), '--allow-unavailable'], await env());
    expect(result.code, result.output).toBe(0);
  });

  if (provesVerify) it('verify with a --report folder that cannot be made: one line, exit 2, nothing sent', async () => {
    const fault = await startFault('html-200');
    try {
      const blocker = path.join(tmp, 'a-file');
      writeFileSync(blocker, '');
      const result = await runTool(['verify', verifyVendor.name, '--base-url', fault.url, '--report', path.join(blocker, 'reports')], await env());
      expect(result.code, result.output).toBe(2);
      expect(result.output).toMatch(/--report .*cannot create or write this folder .*nothing was sent/);
      expect(fault.seen).toEqual([]);
    } finally {
      await fault.close();
    }
  });

  const firstWithWebhook = firstVendorWith((v) => listOperations(loadBundle(v.bundlePath), 'webhooks')[0]);
  const webhookRows: Array<[FaultKind, RegExp]> = [
    ['refused', /no answer \(ECONNREFUSED\)/],
    ['silent', /no complete answer within 1000 ms \(raise it with --timeout\)/],
    ['drip', /no complete answer within 1000 ms/],
    ['http-500', /→ 500/],
    ['cross-origin-redirect', /answered 302 redirecting to .*a redirect is not a delivery, so it was not followed/],
  ];
  for (const [kind, line] of firstWithWebhook && toProve(import.meta.url, firstWithWebhook.read) ? webhookRows : []) {
    it(`webhook send, ${kind}: exit 1, the cause in one line`, async () => {
      const { vendor: webhookVendor, value: { key: event } } = firstWithWebhook!;
      const fault = await startFault(kind);
      try {
        const result = await runTool(['webhook', 'send', webhookVendor.name, event, '--to', `${fault.url}/hook`, '--timeout', String(deadlineFor(kind))]);
        expectToolRow(result, 1, line, fault);
      } finally {
        await fault.close();
      }
    });
  }

  /** A proxy child in front of `upstream`, once it says where it listens. */
  async function startProxy(upstream: string, flags: string[] = []) {
    const child = spawnTool(['proxy', first.name, upstream, '--port', '0', ...flags]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => out, { timeout: BOUND_MS, interval: 50 }).toMatch(/Validating proxy for \S+: http:\/\/127\.0\.0\.1:\d+/);
    return { url: /Validating proxy for \S+: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!, output: () => out, stop: () => child.kill('SIGTERM') };
  }

  if (provesFirst) it('proxy, an upstream that never answers: the client gets an answer within --timeout, the log names it', async () => {
    const fault = await startFault('silent');
    const proxy = await startProxy(fault.url, ['--timeout', String(DEADLINE_MS)]);
    try {
      const { outcome, ms } = await clientCall(first, proxy.url, { timeoutMs: BOUND_MS });
      expect(outcome).toBeInstanceOf(ApiError);
      expect((outcome as ApiError).status).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThan(BOUND_MS);
      await expect.poll(proxy.output, { timeout: BOUND_MS, interval: 50 }).toMatch(/network timeout/i);
      clean(proxy.output());
    } finally {
      proxy.stop();
      await fault.close();
    }
  });

  if (provesFirst) it('proxy, an upstream that redirects to another origin: that origin gets nothing', async () => {
    const fault = await startFault('cross-origin-redirect');
    const proxy = await startProxy(fault.url);
    try {
      const { outcome } = await clientCall(first, proxy.url, { timeoutMs: BOUND_MS });
      expect(outcome).toBeInstanceOf(RedirectError);
      expect(fault.seen.length).toBeGreaterThan(0);
      expect(fault.elsewhere!.seen).toEqual([]);
    } finally {
      proxy.stop();
      await fault.close();
    }
  });

  if (provesVerify) it('the compiled bin of a checkout (node dist/…): verify loads the compiled client and reports the refused host (exit 3)', async () => {
    const fault = await startFault('refused');
    const started = performance.now();
    const result = await run(process.execPath, [path.join(repoRoot, 'dist', 'src', 'tools', 'vendor-apis.js'), 'verify', verifyVendor.name, '--base-url', fault.url, '--timeout', String(deadlineFor('refused'))], { cwd: repoRoot, env: await env() });
    expectToolRow({ ...result, ms: performance.now() - started }, 3, /Nothing was checked: the host did not answer: .*ECONNREFUSED/, fault);
    expect(result.output).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION/);
  });

  if (provesOwn) it('the proxy log masks secret query values, as the mock log does (one redaction)', () => {
    const line = formatLine('acme', JSON.stringify({ level: 30, msg: 'Request received', input: { method: 'get', url: { path: '/users/', query: { api_key: SECRET, token: SECRET, limit: '2' } } } }));
    expect(line).toMatch(/GET \/users\/\?api_key=\*\*\*&token=\*\*\*&limit=2$/);
    const error = formatLine('acme', JSON.stringify({ level: 50, msg: `Request terminated with error: FetchError: network timeout at: https://api.test/users/?api_key=${SECRET}`, input: {} }));
    expect(error).toContain('https://api.test/users/?api_key=***');
    expect(`${line}${error}`).not.toContain(SECRET);
  });

  if (provesFirst) it('proxy: a plain-http remote upstream is refused in one line (exit 2)', async () => {
    const result = await runTool(['proxy', first.name, 'http://example.com/api']);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/Refusing http:\/\/example\.com: credentials would travel in clear/);
  });

  const firstPost = firstVendorWith((v) => listOperations(loadBundle(v.bundlePath)).find((o) => o.method === 'post'))!;
  if (toProve(import.meta.url, firstPost.read)) it('mock: a malformed JSON body gets a 400 naming the parse error at once, a 20 MB body a 413', async () => {
    const { vendor, value: op } = firstPost;
    const mock = await startMock(vendor.bundlePath);
    try {
      const post = (body: string) => fetch(`${mock.url}${op.key.replace(/\{[^}]+\}/g, '1')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const bad = await post('{"name": "x",,');
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.headers.get('sl-violations')!)[0].message).toMatch(/not valid JSON/);
      const huge = await post(JSON.stringify({ x: 'y'.repeat(20 * 1024 * 1024) }));
      expect(huge.status).toBe(413);
    } finally {
      await mock.close();
    }
  });

  const firstMultipart = firstVendorWith((vendor) => {
    const doc = loadBundle(vendor.bundlePath);
    return listOperations(doc).map((op) => ({ doc, op, media: op.operation.requestBody?.content?.['multipart/form-data'] })).find((x) => x.media && !/\{/.test(x.op.key));
  });
  if (toProve(import.meta.url, firstMultipart?.read ?? vendors)) it('mock: a multipart file part without a Content-Type is answered (Prism\'s parser threw and ended the process)', async () => {
    expect(firstMultipart, 'no operation takes multipart/form-data').toBeDefined();
    const { vendor, value: { doc, op, media } } = firstMultipart!;
    const schema = deref<Record<string, any>>(doc, media.schema);
    const field = Object.entries<Record<string, unknown>>(schema.properties ?? {}).find(([, p]) => deref<Record<string, unknown>>(doc, p).format === 'binary')![0];
    const { scheme } = credentialScheme(vendor.name, doc);
    const mock = await startMock(vendor.bundlePath);
    try {
      const boundary = 'fault-boundary';
      // What newman sends for a Postman file field with no file chosen: a filename, no Content-Type.
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename=""\r\n\r\n\r\n--${boundary}--\r\n`;
      const headers = { ...credentialHeaders(scheme, Object.fromEntries(scheme.options.map((o) => [o, SECRET])), 'faults'), 'content-type': `multipart/form-data; boundary=${boundary}` };
      const answer = await fetch(`${mock.url}${op.key}`, { method: op.method.toUpperCase(), headers, body, signal: AbortSignal.timeout(BOUND_MS) });
      expect(answer.status, await answer.text()).toBeLessThan(500);
      // The same mock still answers.
      expect((await fetch(`${mock.url}${op.key}`, { method: op.method.toUpperCase(), headers, body, signal: AbortSignal.timeout(BOUND_MS) })).status).toBe(answer.status);
    } finally {
      await mock.close();
    }
  });

  if (provesFirst) it.each([
    ['no.such.host.invalid', /Host "no\.such\.host\.invalid" .* cannot be resolved: check --host/],
    ['203.0.113.7', /Address 203\.0\.113\.7 .* is not an address of this machine: check --host/],
  ])('mock --host %s: one line that says what happened, exit 1', async (host, line) => {
    const result = await runTool(['mock', first.name, '--host', host, '--port', '0']);
    expect(result.code, result.output).toBe(1);
    expect(result.output.trim()).toMatch(line);
    expect(result.output.trim().split('\n')).toHaveLength(1);
  });

  if (provesFirst) it('mock --host "" (an unset variable): refused, exit 2', async () => {
    const result = await runTool(['mock', first.name, '--host', '']);
    expect(result.code, result.output).toBe(2);
    expect(result.output).toMatch(/--host is empty/);
  });

  // A project tree (VENDOR_APIS_ROOT) whose bundle is missing, truncated or not OpenAPI. Its spec
  // is a fixture, not a vendor's: these rows read no vendor's data.
  const broken = (name: string, bundle: string | undefined) => {
    const root = path.join(tmp, `root-${name}`);
    mkdirSync(path.join(root, 'specs', 'acme'), { recursive: true });
    mkdirSync(path.join(root, 'generated', 'acme'), { recursive: true });
    writeFileSync(path.join(root, 'redocly.yaml'), 'apis:\n  acme:\n    root: specs/acme/openapi.yaml\n');
    copyFileSync(path.join(repoRoot, 'contract-tests', 'fixtures', 'docs', 'reference.yaml'), path.join(root, 'specs', 'acme', 'openapi.yaml'));
    if (bundle !== undefined) writeFileSync(path.join(root, 'generated', 'acme', 'openapi.json'), bundle);
    return root;
  };
  const files: Array<[string, string | undefined, RegExp]> = [
    ['missing', undefined, /(Bundled spec .*openapi\.json: it does not exist: run|No bundle for acme: run) `npm run generate`/],
    ['truncated', '{"openapi": "3.1.0", "paths": {', /Bundled spec .*openapi\.json is not valid JSON \(.*; truncated\?\)/],
    ['not-openapi', '[1, 2, 3]', /Bundled spec .*openapi\.json is not an OpenAPI document/],
  ];
  const commands: string[][] = [['list'], ['webhook', 'list', 'acme'], ['mock', 'acme', '--port', '0'], ['verify', 'acme', '--base-url', 'https://api.test'], ['proxy', 'acme', 'https://api.test', '--port', '0']];
  for (const [name, bundle, line] of provesOwn ? files : []) {
    for (const command of commands) {
      it(`${command.slice(0, 2).join(' ')} with a ${name} bundle: one line naming the file, exit 1 or 2`, async () => {
        const result = await runTool(command, { VENDOR_APIS_ROOT: broken(`${name}-${command.join('-')}`, bundle), ACME_API_KEY: SECRET });
        expect([1, 2], result.output).toContain(result.code);
        expect(result.output).toMatch(line);
        clean(result.output);
      });
    }
  }
});
