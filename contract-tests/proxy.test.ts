// `npm run proxy -- <vendor> <upstream>` against a fake upstream that answers one request with
// the documented example and one with that example missing a required field: the first
// passes clean, the second is reported (log line and sl-violations header).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle, mediaExamples } from '../scripts/lib/openapi.js';
import { listVendors, repoRoot } from '../scripts/lib/project.js';
import { toolEnv } from '../scripts/lib/run.js';
import { sampleParams } from './lib/samples.js';
import { testCredentials } from './lib/vendor-under-test.js';
import { loadGeneratedClient } from '../scripts/lib/generated-client.js';

// The first vendor with a GET whose 200 example is an object with a required property.
const target = (() => {
  for (const vendor of listVendors()) {
    const doc = loadBundle(vendor.bundlePath);
    for (const op of listOperations(doc)) {
      if (op.method !== 'get') continue;
      const ex = mediaExamples(doc, op.operation.responses?.['200'], `${op.pointer}/responses/200`)[0]?.examples[0];
      const schema = ex && deref(doc, { $ref: `#${ex.schemaPointer}` });
      if (ex && schema?.required?.length && ex.value && typeof ex.value === 'object' && !Array.isArray(ex.value)) {
        return { vendor, doc, op, good: ex.value as Record<string, unknown>, field: schema.required[0] as string };
      }
    }
  }
  throw new Error('no GET with an object 200 example');
})();

let upstream: Server;
let upstreamUrl = '';
let proxy: ChildProcess;
let proxyUrl = '';
let log = '';
let conforming = true;
const upstreamPaths: string[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamPaths.push(req.url ?? '');
    const { [target.field]: _dropped, ...bad } = target.good;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(conforming ? target.good : bad));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/api-prefix`;
  proxy = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/proxy.ts', target.vendor.name, upstreamUrl, '--port', '0'], {
    cwd: repoRoot,
    env: toolEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proxy.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  proxy.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const started = Date.now();
  while (!/→ (http:\/\/127\.0\.0\.1:\d+)/.test(log)) {
    if (Date.now() - started > 20_000 || proxy.exitCode !== null) throw new Error(`proxy did not start:\n${log}`);
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
    await new Promise((r) => setTimeout(r, 100));
    expect(log.slice(before)).toMatch(new RegExp(`! response\\.body .*'${target.field}'`));
  });
});
