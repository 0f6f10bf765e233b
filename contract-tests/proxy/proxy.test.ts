// `npm run proxy -- <vendor> <upstream>` against a fake upstream that answers one request with
// the documented example and one with that example missing a required field: the first
// passes clean, the second is reported (log line and sl-violations header); with --report and
// --fail-on-violation the traffic becomes JSON/JUnit reports and a failing exit code.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, mediaExamples } from '../../src/spec/openapi.js';
import { repoRoot } from '../../src/spec/project.js';
import { firstVendorWith, toProve } from '../lib/shares.js';
import { spawnTool } from '../lib/tool-process.js';
import { toolEnv } from '../../scripts/lib/run.js';
import { sampleParams } from '../../src/spec/samples.js';
import { testCredentials } from '../lib/vendor-under-test.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';

// The first vendor with a GET whose 200 example is an object with a required property. Every
// check here is about it: they are proven again only when the vendors this choice read changed.
const chosen = firstVendorWith((vendor) => {
  const doc = loadBundle(vendor.bundlePath);
  for (const op of listOperations(doc)) {
    if (op.method !== 'get') continue;
    const ex = mediaExamples(doc, op.operation.responses?.['200'], `${op.pointer}/responses/200`)[0]?.examples[0];
    const schema = ex && deref(doc, { $ref: `#${ex.schemaPointer}` });
    if (ex && schema?.required?.length && ex.value && typeof ex.value === 'object' && !Array.isArray(ex.value)) {
      return { vendor, doc, op, good: ex.value as Record<string, unknown>, field: schema.required[0] as string };
    }
  }
  return undefined;
});
if (!chosen) throw new Error('no GET with an object 200 example');
const target = chosen.value;
const describeProven = toProve(import.meta.url, chosen.read) ? describe : () => undefined;

let upstream: Server;
let upstreamUrl = '';
let proxy: ChildProcess;
let proxyUrl = '';
let log = '';
let conforming = true;
const upstreamPaths: string[] = [];

describeProven('the proxy in front of a stub upstream', () => {
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      upstreamPaths.push(req.url ?? '');
      const { [target.field]: _dropped, ...bad } = target.good;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(conforming ? target.good : bad));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/api-prefix`;
    proxy = spawnTool(['proxy', target.vendor.name, upstreamUrl, '--port', '0'], {
      env: toolEnv,
    });
    proxy.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    proxy.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const started = Date.now();
    while (!/→ (http:\/\/127\.0\.0\.1:\d+)/.test(log)) {
      if (Date.now() - started > 60_000 || proxy.exitCode !== null) throw new Error(`proxy did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    proxyUrl = /Validating proxy for \S+: (http:\/\/127\.0\.0\.1:\d+)/.exec(log)![1]!;
  });
  afterAll(async () => {
    proxy?.kill('SIGTERM');
    await new Promise((resolve) => upstream.close(resolve));
  });

  describe(`validating proxy (${target.vendor.name} GET ${target.op.key})`, () => {
    const call = async () => {
      const { descriptor, create } = await loadGeneratedClient(target.vendor);
      const client = create({ ...testCredentials(descriptor.auth), baseUrl: proxyUrl, retry: false });
      return client.request('get', target.op.key as never, { params: sampleParams(target.doc, target.op) } as never);
    };

    it('forwards to the upstream (with its path prefix) and passes a conforming response through clean', async () => {
      conforming = true;
      const { response, data } = await call();
      expect(response.status).toBe(200);
      expect(data).toEqual(target.good);
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(upstreamPaths.at(-1)).toMatch(/^\/api-prefix\//);
    });

    it('reports a response missing a required field, in the log and the sl-violations header', async () => {
      conforming = false;
      const before = log.length;
      const { response } = await call();
      expect(response.status).toBe(200);
      expect(response.headers.get('sl-violations') ?? '').toContain(`'${target.field}'`);
      // The log line is written as the response finishes: wait for it, not for a time.
      await expect.poll(() => log.slice(before), { timeout: 60_000, interval: 10 }).toMatch(new RegExp(`! response\\.body .*'${target.field}'`));
    });
  });

  describe('validating proxy in CI: --report and --fail-on-violation', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'proxy-report-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    /** Starts a proxy with the flags, sends the requests (true = conforming upstream answer), stops it with SIGTERM. */
    async function session(flags: string[], answers: boolean[]) {
      const child = spawnTool(['proxy', target.vendor.name, upstreamUrl, '--port', '0', ...flags], {
        env: toolEnv,
        });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      await expect.poll(() => out, { timeout: 60_000, interval: 50 }).toMatch(/Validating proxy for \S+: http:\/\/127\.0\.0\.1:\d+/);
      const url = /Validating proxy for \S+: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      const { descriptor, create } = await loadGeneratedClient(target.vendor);
      const client = create({ ...testCredentials(descriptor.auth), baseUrl: url, retry: false });
      for (const answer of answers) {
        conforming = answer;
        await client.request('get', target.op.key as never, { params: sampleParams(target.doc, target.op) } as never);
      }
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      return { code: await exited, out };
    }

    it('writes JSON and JUnit reports of the traffic and exits 1 when a response violated the spec', async () => {
      const dir = path.join(tmp, 'bad');
      const { code, out } = await session(['--report', dir, '--fail-on-violation'], [true, false]);
      expect(code, out).toBe(1);
      expect(out).toContain('--fail-on-violation: 1 response(s) violated the spec.');
      const report = JSON.parse(readFileSync(path.join(dir, `proxy-${target.vendor.name}.json`), 'utf8'));
      expect(report.summary).toMatchObject({ passed: 1, deviated: 1 });
      expect(report.operations[1]).toMatchObject({ operationId: target.op.operationId, outcome: 'deviated' });
      expect(report.operations[1].reason).toContain(`'${target.field}'`);
      expect(readFileSync(path.join(dir, `proxy-${target.vendor.name}.xml`), 'utf8')).toMatch(/<testsuites name="proxy" tests="2" failures="1"/);
    });

    it('exits 0 with --fail-on-violation when every response conformed', async () => {
      const { code, out } = await session(['--fail-on-violation'], [true, true]);
      expect(code, out).toBe(0);
      expect(out).toMatch(/2 passed, 0 deviated/);
    });
  });

  describe('proxy report: a request that violated the spec is the client\'s mistake, not vendor drift', () => {
    it('classes it invalid-request (never deviated, whatever the answer), counts it apart, and fails JUnit as such', async () => {
      const { proxyReport } = await import('../../src/tools/proxy/report.js');
      const { reportTable } = await import('../../src/tools/verify/report.js');
      const operations = listOperations(target.doc);
      const path = target.op.key.replace(/\{[^}]+\}/g, '1');
      const report = proxyReport(target.vendor.name, 'https://api.test', new Date().toISOString(), operations, [
        { method: 'GET', path, status: 400, ms: 1, violations: [{ location: ['request', 'query', 'limit'], message: 'must be integer' }, { location: ['response', 'status'], message: 'status 400 is not documented' }] },
        { method: 'GET', path, status: 200, ms: 1, violations: [{ location: ['response', 'body'], message: "must have required property 'id'" }] },
      ]);
      expect(report.operations.map((o) => o.outcome)).toEqual(['invalid-request', 'deviated']);
      expect(report.operations[0]!.reason).toMatch(/^the client's request: request\.query\.limit: must be integer/);
      expect(report.summary).toMatchObject({ deviated: 1, 'invalid-request': 1 });
      expect(reportTable(report)).toMatch(/1 deviated, .*; 1 invalid request\(s\) from the client/);
    });
  });
});
