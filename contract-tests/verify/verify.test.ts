// Provider verification, proven here against local servers (these machines reach no vendor):
// - every vendor's Prism mock, static and dynamic: every GET passes or is skipped with a
//   reason, zero deviations;
// - a vendor double with planted deviations: each is reported under the right check name, the
//   429 is retried and not a deviation, a write not named is never sent, the exit code is 1,
//   and no credential reaches stdout, the JSON, the XML or the recorded files.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialHeaders } from '../../src/client/auth.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { listLinks } from '../../src/spec/links.js';
import { listOperations, loadBundle } from '../../src/spec/openapi.js';
import { startMock, type MockServer } from '../../src/tools/mock/prism.js';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { spawnTool } from '../lib/tool-process.js';
import { vendorsToTest } from '../lib/shares.js';
import { toolEnv } from '../../scripts/lib/run.js';
import { credentialVariables } from '../../src/tools/verify/credentials.js';
import { verify } from '../../src/tools/verify/run.js';
import type { OperationResult, Report } from '../../src/tools/verify/report.js';
import { dynamicSeed } from '../lib/dynamic-seed.js';
import { hasTypedRequiredField, startVendorDouble, successExample, type Planted, type VendorDouble } from '../lib/vendor-double.js';

/** Credential env vars for a vendor, with values that are easy to find if they leak. */
async function credentialEnv(vendor: ReturnType<typeof listVendors>[number]) {
  const { descriptor } = await loadGeneratedClient(vendor);
  // Prism accepts a Basic token only if it decodes to user:password.
  const values = descriptor.auth.type === 'basicToken' ? [btoa('leak-user:leak-pass-1')] : descriptor.auth.options.map((_, i) => `leak-secret-${i}-value`);
  const env: Record<string, string> = {};
  credentialVariables(vendor.name, descriptor.auth).forEach((v, i) => (env[v.env] = values[i]!));
  const options = Object.fromEntries(descriptor.auth.options.map((o, i) => [o, values[i]!]));
  return { env, values, headerNames: Object.keys(credentialHeaders(descriptor.auth, options, 'test')) };
}

const runVerify = (vendor: ReturnType<typeof listVendors>[number], baseUrl: string, env: Record<string, string>, includeWrites: string[] = []) =>
  verify({ vendor, baseUrl, includeWrites, rate: 500 }, { env });

/** A verify run against a vendor's own mock, static or dynamic. The static one is done once per vendor: the double's choice reads the same run. */
const mockRuns = new Map<string, ReturnType<typeof runAgainstMock>>();
async function runAgainstMock(vendor: ReturnType<typeof listVendors>[number], dynamic: boolean) {
  const mock: MockServer = await startMock(vendor.bundlePath, dynamic ? { dynamic: true, seed: await dynamicSeed(vendor) } : {});
  try {
    const credentials = await credentialEnv(vendor);
    const { report } = await runVerify(vendor, mock.url, credentials.env);
    return { report, credentials };
  } finally {
    await mock.close();
  }
}
const staticRun = (vendor: ReturnType<typeof listVendors>[number]) => {
  if (!mockRuns.has(vendor.name)) mockRuns.set(vendor.name, runAgainstMock(vendor, false));
  return mockRuns.get(vendor.name)!;
};

describe('verify against the Prism mocks', () => {
  for (const vendor of vendorsToTest(import.meta.url)) {
    for (const dynamic of [false, true]) {
      it(`${vendor.name} (${dynamic ? 'dynamic' : 'static'} mock): every GET passes or is skipped with a reason, no deviation`, async () => {
        const { report } = await (dynamic ? runAgainstMock(vendor, true) : staticRun(vendor));
        const gets = report.operations.filter((o) => o.method === 'GET');
        const writes = report.operations.filter((o) => o.method !== 'GET' && o.method !== 'HEAD');
        expect(report.summary.deviated, deviations(report)).toBe(0);
        expect(report.summary.unavailable, JSON.stringify(report.operations.filter((o) => o.outcome === 'unavailable'))).toBe(0);
        for (const get of gets) {
          expect(['passed', 'skipped']).toContain(get.outcome);
          if (get.outcome === 'skipped') expect(get.reason).toMatch(/^no value for /);
        }
        for (const write of writes) expect(write).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^a write/) });
        expect(report.summary.passed).toBe(gets.filter((g) => g.outcome === 'passed').length);
        if (gets.length) expect(report.summary.passed).toBeGreaterThan(0);
        console.log(`verify ${vendor.name} ${dynamic ? 'dynamic' : 'static'}: ${report.summary.passed} passed, ${gets.length - report.summary.passed} GET skipped, ${writes.length} writes skipped`);
      });
    }
  }
});

function deviations(report: Report): string {
  return report.operations
    .filter((o) => o.outcome === 'deviated')
    .map((o) => `${o.operationId}: ${o.reason}`)
    .join('\n');
}

// The double: the first vendor whose mock run passes six GETs that feed no other GET, two of
// them with an example that has a typed required field to break.
describe('verify against a vendor double with planted deviations', () => {
  let double: VendorDouble;
  let vendor: ReturnType<typeof listVendors>[number];
  let planted: Record<string, Planted> = {};
  let credentials: Awaited<ReturnType<typeof credentialEnv>>;
  let write: string | undefined;
  let byOperation: Map<string, OperationResult>;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'verify-'));

  beforeAll(async () => {
    // Every vendor is a candidate, whichever share of the mock runs above this run proves.
    for (const candidate of listVendors()) {
      const doc = loadBundle(candidate.bundlePath);
      const { report, credentials: env } = await staticRun(candidate);
      const ops = new Map(listOperations(doc).map((op) => [op.operationId, op]));
      // Plant only on GETs no other GET takes an id from, so every planted request is still sent.
      const sources = new Set(listLinks(doc).filter((l) => l.target.method === 'get').map((l) => l.source.operationId));
      const passed = report.operations
        .filter((o) => o.outcome === 'passed' && o.method === 'GET' && !sources.has(o.operationId))
        .map((o) => ops.get(o.operationId)!);
      const breakable = passed.filter((op) => {
        const example = successExample(doc, op);
        return example && hasTypedRequiredField(doc, example.schemaPointer, example.value);
      });
      if (passed.length < 6 || breakable.length < 2) continue;
      const [missing, wrong] = breakable;
      const others = passed.filter((op) => op !== missing && op !== wrong);
      planted = {
        [missing!.operationId]: 'missing-field',
        [wrong!.operationId]: 'wrong-type',
        [others[0]!.operationId]: 'undocumented-status',
        [others[1]!.operationId]: 'undocumented-content-type',
        [others[2]!.operationId]: 'no-auth',
        [others[3]!.operationId]: 'rate-limited',
      };
      vendor = candidate;
      credentials = env;
      // A write whose inputs are all documented, to name in --include-writes.
      write = report.operations.find((o) => o.method === 'POST' && !o.path.includes('{'))?.operationId;
      break;
    }
    if (!vendor!) throw new Error('no vendor has six GETs that pass against its mock');
    double = await startVendorDouble(loadBundle(vendor.bundlePath), credentials.headerNames, planted);
    console.log(`vendor double: ${vendor.name}, planted ${JSON.stringify(planted)}, --include-writes ${write}`);
  });
  afterAll(async () => {
    await double?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reports each planted deviation under its check name; the 429 is retried, not a deviation', async () => {
    const { report } = await runVerify(vendor, double.url, credentials.env);
    byOperation = new Map(report.operations.map((o) => [o.operationId, o]));
    const deviatedCheck = (id: string) => byOperation.get(id)!.checks.filter((c) => c.outcome === 'deviated').map((c) => c.name);
    const idOf = (plant: Planted) => Object.keys(planted).find((id) => planted[id] === plant)!;
    expect(deviatedCheck(idOf('missing-field'))).toEqual(['body-schema']);
    expect(byOperation.get(idOf('missing-field'))!.reason).toMatch(/must have required property/);
    expect(deviatedCheck(idOf('wrong-type'))).toEqual(['body-schema']);
    expect(byOperation.get(idOf('wrong-type'))!.reason).toMatch(/\$\S*: must be /);
    expect(deviatedCheck(idOf('undocumented-status'))).toEqual(['status-documented']);
    expect(deviatedCheck(idOf('undocumented-content-type'))).toEqual(['content-type-documented']);
    expect(deviatedCheck(idOf('no-auth'))).toEqual(['ignored-auth']);
    expect(byOperation.get(idOf('no-auth'))!.securityFinding).toBe(true);
    expect(byOperation.get(idOf('rate-limited'))!.outcome).toBe('passed');
    const limitedPath = byOperation.get(idOf('rate-limited'))!;
    expect(double.requests.filter((r) => r.startsWith('GET ') && new RegExp(`^GET ${limitedPath.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(r)).length).toBeGreaterThanOrEqual(3); // 429, retry, no-credentials check
    expect(report.summary.deviated).toBe(5);
  });

  it('the CLI: plan first, security finding first, exit 1, writes only as named, no credential anywhere', async () => {
    expect(write, 'a write to name in --include-writes').toBeDefined();
    const before = { ...double.byMethod };
    const reportDir = path.join(tmp, 'report');
    const recordDir = path.join(tmp, 'record');
    const args = ['src/tools/vendor-apis.ts', 'verify', vendor.name, '--base-url', double.url, '--rate', '100', '--report', reportDir, '--record', recordDir, ...(write ? ['--include-writes', write] : [])];
    const child = spawnTool(args.slice(1), { env: { ...toolEnv, ...credentials.env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, out).toBe(1);
    expect(out.indexOf('Plan:')).toBeLessThan(out.indexOf('SECURITY FINDINGS'));
    expect(out.indexOf('SECURITY FINDINGS')).toBeLessThan(out.indexOf('result'));
    // Writes: none but the one named.
    const writes = Object.keys(double.byMethod).filter((m) => m !== 'GET' && m !== 'HEAD');
    const sentWrites = writes.reduce((n, m) => n + (double.byMethod[m]! - (before[m] ?? 0)), 0);
    expect(sentWrites).toBe(write ? 1 : 0);
    const files = [
      ...readdirSync(reportDir).map((f) => path.join(reportDir, f)),
      ...readdirSync(recordDir).map((f) => path.join(recordDir, f)),
    ];
    expect(files.some((f) => f.endsWith(`verify-${vendor.name}.json`))).toBe(true);
    expect(files.some((f) => f.endsWith(`verify-${vendor.name}.xml`))).toBe(true);
    expect(files.some((f) => f.endsWith('_observed.yaml'))).toBe(true);
    const xml = readFileSync(path.join(reportDir, `verify-${vendor.name}.xml`), 'utf8');
    expect(xml).toMatch(/<testsuites name="verify" tests="\d+" failures="5"/);
    expect(xml).toContain('<failure type="ignored-auth"');
    for (const secret of [...credentials.values, ...credentials.values.map((v) => btoa(v))]) {
      expect(out).not.toContain(secret);
      for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(secret);
    }
  });

  it('--fixtures values come first: the double receives the fixture value, and an unknown operationId is bad usage', async () => {
    const doc = loadBundle(vendor.bundlePath);
    const withPath = listOperations(doc).find((op) => op.method === 'get' && op.parameters.some((p) => p.in === 'path' && p.required) && !planted[op.operationId])!;
    const param = withPath.parameters.find((p) => p.in === 'path' && p.required)!;
    const value = '0b9c6a3e-52f1-4d0e-9a77-5e2f3c1d7a88';
    const file = path.join(tmp, 'fixtures.yaml');
    writeFileSync(file, `${withPath.operationId}:\n  path:\n    ${param.name}: ${value}\n`);
    const { report } = await verify({ vendor, baseUrl: double.url, includeWrites: [], rate: 500, fixtures: file }, { env: credentials.env });
    expect(report.operations.find((o) => o.operationId === withPath.operationId)!.outcome).toBe('passed');
    expect(double.requests.some((r) => r.startsWith(`GET `) && r.includes(value))).toBe(true);
    writeFileSync(file, 'noSuchOperation:\n  path: {}\n');
    await expect(verify({ vendor, baseUrl: double.url, includeWrites: [], rate: 500, fixtures: file }, { env: credentials.env })).rejects.toThrow(/--fixtures .*: no operation "noSuchOperation"/);
  });

  it('bad usage exits 2 with one line: unknown vendor, missing credential, clear-text URL', async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['no-such-vendor', '--base-url', 'https://api.test'], {}, /Unknown vendor "no-such-vendor"/],
      [[vendor.name, '--base-url', 'https://api.test'], {}, new RegExp(`Set ${Object.keys(credentials.env)[0]}`)],
      [[vendor.name, '--base-url', 'http://api.test'], credentials.env, /Refusing http:\/\/api\.test: credentials would travel in clear/],
      [[vendor.name, '--base-url', 'https://api.test', '--include-writes', 'all'], credentials.env, /--include-writes: no operation "all"/],
    ];
    // One process per case, all at once: each is a fresh `vendor-apis verify` from the source.
    await Promise.all(
      cases.map(async ([args, env, message]) => {
        const child = spawnTool(['verify', ...args], { env: { ...toolEnv, ...env } });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code, out).toBe(2);
        expect(out.trim().split('\n')).toHaveLength(1);
        expect(out).toMatch(message);
      }),
    );
  });
});
