// The mock servers as `npm run mock` and `npm start` run them: options, one redacted log line
// per request, dynamic data with a seed, a port in use reported before anything is built,
// and clear errors for an unknown vendor or option.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMockOptions, portOf } from '../../src/tools/mock/options.js';
import { mockPort } from '../../src/tools/ports.js';
import { listOperations, loadBundle } from '../../src/spec/openapi.js';
import { parsedOperations, startMock } from '../../src/tools/mock/prism.js';
import { listVendors, repoRoot, UsageError } from '../../src/spec/project.js';
import { toProve, vendorsToTest } from '../lib/shares.js';
import { bin, run } from '../../scripts/lib/run.js';
import { sampleParams } from '../../src/spec/samples.js';
import { credentialHeader, loadGeneratedClient, testCredentials } from '../lib/vendor-under-test.js';

function sink() {
  const out = { text: '' };
  const stream = new Writable({ write: (chunk, _e, done) => { out.text += chunk.toString(); done(); } });
  return { out, stream };
}

/** Holds a port busy for the duration of `fn`. */
async function withBusyPort<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    return await fn((blocker.address() as { port: number }).port);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
}

/** A URL of the vendor's first GET operation without required query parameters, with a secret in its query. */
function firstGetUrl(vendor: ReturnType<typeof listVendors>[number], secret: string): string | undefined {
  const doc = loadBundle(vendor.bundlePath);
  const op = listOperations(doc).find((o) => o.method === 'get' && !o.parameters.some((p) => p.in === 'query' && p.required));
  if (!op) return undefined;
  const { path } = sampleParams(doc, op);
  const concrete = op.key.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(path?.[name] ?? '1')));
  return `${concrete}?api_key=${secret}&page_note=visible`;
}

const SECRET = 'c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3M'; // base64 of secret-user:secret-pass (a valid Basic token)
/** How long a log line may take to appear: generous, since a busy machine is slow, and only a missing line waits it out. */
const LOGGED = { timeout: 60_000, interval: 10 };

describe('mock servers', () => {
  // The checks about the first vendor alone are proven again only when its data changed.
  const provesFirst = toProve(import.meta.url, listVendors().slice(0, 1));
  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: logs each request and response without credentials`, async () => {
      let log = '';
      const sink = new Writable({ write: (chunk, _e, done) => { log += chunk.toString(); done(); } });
      const mock = await startMock(vendor.bundlePath, { logLevel: 'info', label: vendor.name, logStream: sink });
      try {
        const { descriptor } = await loadGeneratedClient(vendor);
        const header = credentialHeader(descriptor.auth);
        const value = { apiKey: SECRET, bearer: `Bearer ${SECRET}`, basicToken: `Basic ${SECRET}`, basic: `Basic ${SECRET}` }[descriptor.auth.type];
        await fetch(`${mock.url}/definitely-not-a-path`, { headers: { [header]: value, Cookie: `session=${SECRET}` } });
        const [firstPath] = Object.keys(loadBundle(vendor.bundlePath).paths);
        await fetch(`${mock.url}${firstPath!.replace(/\{[^}]+\}/g, '1')}`, { headers: { [header]: value } });
        // The log is written as each response finishes: wait for it, not for a time.
        await expect.poll(() => log, LOGGED).toMatch(new RegExp(`${vendor.name} → GET /definitely-not-a-path[\\s\\S]*←`));
      } finally {
        await mock.close();
      }
      expect(log).toMatch(new RegExp(`${vendor.name} → GET /definitely-not-a-path`));
      expect(log).toMatch(/←/);
      expect(log).not.toContain(SECRET);
    });
  }

  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: one request log line per request, with query secrets masked`, async () => {
      const log = sink();
      const mock = await startMock(vendor.bundlePath, { label: vendor.name, requestLog: log.stream });
      const { descriptor } = await loadGeneratedClient(vendor);
      const header = credentialHeader(descriptor.auth);
      const credential = Object.values(testCredentials(descriptor.auth))[0]!;
      const value = descriptor.auth.type === 'apiKey' ? credential : `${descriptor.auth.type === 'bearer' ? 'Bearer' : 'Basic'} ${credential}`;
      const url = firstGetUrl(vendor, SECRET) ?? `/no-such-path?api_key=${SECRET}&page_note=visible`;
      try {
        await fetch(`${mock.url}${url}`, { headers: { [header]: value } });
        await fetch(`${mock.url}/definitely-not-a-path?token=${SECRET}`, { headers: { [header]: value } });
        await expect.poll(() => log.out.text.trim().split('\n').filter(Boolean).length, LOGGED).toBe(2);
      } finally {
        await mock.close();
      }
      const lines = log.out.text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${vendor.name} GET \\S+\\?api_key=\\*\\*\\*&page_note=visible → \\d{3} \\d+ ms`));
      expect(lines[1]).toMatch(/GET \/definitely-not-a-path\?token=\*\*\* → 404 \d+ ms/);
      expect(log.out.text).not.toContain(SECRET);
      expect(log.out.text).not.toContain(credential);
    });
  }

  // Prism compiles its validators per schema object: mocks of one bundle share one parse, so
  // a suite that starts a mock per test compiles them once. A changed bundle must not be served stale.
  if (provesFirst) it('a second mock of an unchanged bundle shares its parsed operations; a changed bundle is read again', async () => {
    const vendor = listVendors()[0]!;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mock-reparse-'));
    const copy = path.join(dir, 'openapi.json');
    const status = async (url: string) => (await fetch(url)).status;
    try {
      copyFileSync(vendor.bundlePath, copy);
      const first = await parsedOperations(copy);
      expect(await parsedOperations(copy)).toBe(first);
      const doc = JSON.parse(readFileSync(copy, 'utf8')) as { paths: Record<string, unknown> };
      const removed = Object.keys(doc.paths)[0]!;
      const url = removed.replace(/\{[^}]+\}/g, '1');
      const before = await startMock(copy);
      // Without a credential the route matches and fails its security check; a removed route is a 404.
      try { expect(await status(before.url + url)).toBe(401); } finally { await before.close(); }

      delete doc.paths[removed];
      writeFileSync(copy, JSON.stringify(doc));
      const after = await startMock(copy);
      try { expect(await status(after.url + url)).toBe(404); } finally { await after.close(); }
      expect(await parsedOperations(copy)).not.toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  if (provesFirst) it('a rejected request is logged with its first violation', async () => {
    const vendor = listVendors()[0]!;
    const doc = loadBundle(vendor.bundlePath);
    const op = listOperations(doc).find((o) => o.operation.requestBody && !o.parameters.some((p) => p.in === 'path'))!;
    const log = sink();
    const mock = await startMock(vendor.bundlePath, { label: vendor.name, requestLog: log.stream });
    try {
      const { descriptor } = await loadGeneratedClient(vendor);
      const credential = Object.values(testCredentials(descriptor.auth))[0]!;
      await fetch(`${mock.url}${op.key}`, { method: op.method, headers: { [credentialHeader(descriptor.auth)]: credential, 'content-type': 'application/json' }, body: '{}' });
      await expect.poll(() => log.out.text, LOGGED).toMatch(/→ 4\d\d \d+ ms {2}! \S*body\S*: .*must have required property/);
    } finally {
      await mock.close();
    }
  });

  if (provesFirst) it('dynamic mode generates data from the schemas, reproducibly with a seed', async () => {
    const vendor = listVendors()[0]!;
    const url = firstGetUrl(vendor, 'x')!;
    const { descriptor } = await loadGeneratedClient(vendor);
    const headers = { [credentialHeader(descriptor.auth)]: Object.values(testCredentials(descriptor.auth))[0]! };
    const bodyFrom = async (options: { dynamic: boolean; seed?: string }) => {
      const mock = await startMock(vendor.bundlePath, options);
      try {
        return await (await fetch(`${mock.url}${url}`, { headers })).text();
      } finally {
        await mock.close();
      }
    };
    const [documented, seeded, again, other] = await Promise.all([
      bodyFrom({ dynamic: false }),
      bodyFrom({ dynamic: true, seed: '7' }),
      bodyFrom({ dynamic: true, seed: '7' }),
      bodyFrom({ dynamic: true, seed: '8' }),
    ]);
    expect(seeded).toBe(again);
    expect(seeded).not.toBe(other);
    expect(seeded).not.toBe(documented);
  });

  it('options: vendors are case-insensitive, mistakes get a usage line with a suggestion', () => {
    const [first, second] = listVendors();
    const parsed = parseMockOptions([first!.name.toUpperCase(), second!.name, '--port', '5000', '--dynamic', '--seed', '3', '--quiet', '--host', '0.0.0.0'], 'npm run mock --');
    expect(parsed).toMatchObject({ port: 5000, host: '0.0.0.0', dynamic: true, seed: '3', quiet: true });
    expect(parsed.vendors.map((v) => v.name)).toEqual([first!.name, second!.name]);
    const misspelt = `${first!.name.slice(0, -1)}x`;
    expect(() => parseMockOptions([misspelt], 'npm run mock --')).toThrow(new RegExp(`Unknown vendor "${misspelt}" \\(did you mean ${first!.name}\\?\\); valid: .*\\. Usage: npm run mock -- \\[vendor…\\]`));
    expect(() => parseMockOptions(['--prot', '1'], 'npm run mock --')).toThrow(/Unknown option --prot \(did you mean --port\?\)\. Usage:/);
    expect(() => parseMockOptions(['--port', 'x'], 'npm run mock --')).toThrow(UsageError);
    expect(() => parseMockOptions(['--seed', '3'], 'npm run mock --')).toThrow(/--seed only applies with --dynamic/);
  });

  it('--port N is the port of the first vendor named; the others follow in the order named; without it each keeps its own', () => {
    const all = listVendors();
    const [last, second] = [all[all.length - 1]!, all[1]!];
    const asked = parseMockOptions([last.name, second.name, '--port', '5180'], 'vendor-apis mock');
    expect(portOf(asked, last)).toBe(5180);
    expect(portOf(asked, second)).toBe(5181);
    const fixed = parseMockOptions([last.name], 'vendor-apis mock');
    expect(portOf(fixed, last)).toBe(mockPort(all.length - 1));
  });

  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: the mock accepts the credential the spec documents (an opaque Basic token where x-client-credentials names one), and still refuses none`, async () => {
      const { descriptor } = await loadGeneratedClient(vendor);
      const doc = loadBundle(vendor.bundlePath);
      const op = listOperations(doc).find((o) => o.security.length > 0)!;
      const mock = await startMock(vendor.bundlePath);
      try {
        const url = `${mock.url}${op.key.replace(/\{[^}]+\}/g, '1')}`;
        const send = (headers: Record<string, string>) => fetch(url, { method: op.method.toUpperCase(), headers }).then((r) => r.status);
        const header = credentialHeader(descriptor.auth);
        const opaque = { apiKey: 'opaque-key-9f8e7d', bearer: 'Bearer opaque-key-9f8e7d', basicToken: 'Basic opaque-key-9f8e7d', basic: `Basic ${btoa('user:pass')}` }[descriptor.auth.type];
        expect(await send({ [header]: opaque })).not.toBe(401);
        expect(await send({})).toBe(401);
      } finally {
        await mock.close();
      }
    });
  }

  for (const script of provesFirst ? ['mock', 'start'] : []) {
    it(`\`npm ${script === 'mock' ? 'run mock' : 'start'}\` with a port in use: one line naming port, vendor and --port, exit 1, nothing built`, async () => {
      const [first] = listVendors();
      await withBusyPort(async (port) => {
        const entry = script === 'mock' ? ['src/tools/vendor-apis.ts', 'mock'] : ['scripts/start.ts'];
        const result = await run(bin('tsx'), [...entry, first!.name, '--port', String(port)], { cwd: repoRoot });
        expect(result.code).toBe(1);
        const lines = result.output.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`Port ${port}`);
        expect(lines[0]).toContain(first!.name);
        expect(lines[0]).toContain('--port');
        expect(result.output).not.toMatch(/npm run generate|at .*\.ts:\d+/);
      });
    });
  }

  if (provesFirst) it('`npm run mock -- --dynamic --seed N --port P` serves and logs one line per request until stopped', async () => {
    const vendor = listVendors()[0]!;
    const port = await withBusyPort(async (p) => p); // a port that was free a moment ago
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/tools/vendor-apis.ts', 'mock', vendor.name, '--dynamic', '--seed', '5', '--port', String(port)], { cwd: repoRoot, detached: true });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C');
      expect(out).toContain('dynamic data (seed 5)');
      const { descriptor } = await loadGeneratedClient(vendor);
      const response = await fetch(`http://127.0.0.1:${port}${firstGetUrl(vendor, 'x')}`, { headers: { [credentialHeader(descriptor.auth)]: Object.values(testCredentials(descriptor.auth))[0]! } });
      expect(response.status).toBe(200);
      await expect.poll(() => out, { timeout: 30_000 }).toMatch(new RegExp(`${vendor.name} GET \\S+ → 200`));
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  });

  it('`npm run mock -- <unknown>` lists the valid vendors and exits 2', async () => {
    const result = await run(bin('tsx'), ['src/tools/vendor-apis.ts', 'mock', 'no-such-vendor'], { cwd: repoRoot });
    expect(result.code).toBe(2);
    expect(result.output).toContain('Unknown vendor "no-such-vendor"');
    for (const vendor of listVendors()) expect(result.output).toContain(vendor.name);
  });
});
