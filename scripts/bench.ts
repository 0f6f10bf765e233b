// npm run bench: prints the figures docs/benchmarks.md records. Compare ratios from one run;
// absolute times on these shared machines are noisy.
//   1. each pipeline step, and the whole `npm test`
//   2. Prism mock requests/s against a bare node:http server returning the same JSON
//   3. a generated-client call against a raw fetch to the same in-process server
//   4. lint, bundle, generate and contract tests on synthetic specs of 100 and 1,000 operations
//   5. each vendor client's size (minified, gzipped), webhook validators counted separately
//   6. the runtime's per-call overhead (retry/timeout transport) against a bare openapi-fetch client
//   7. verify's own time per operation against each vendor's static mock (unpaced)
//   8. what a user installs: packages and node_modules size, client only vs with the tools
//   9. a mock per test: ten mocks (each vendor, static and dynamic) started and verified, repeated,
//      sharing Prism's parse of each bundle against a fresh parse per mock
//  10. the stateful mock: a read against a static read, paged walks of 1,000 and 10,000 items,
//      memory after 10,000 creates (scripts/lib/bench-stateful.ts)
//  11. the first startMock of a fresh process (vendor-apis/testing from dist/), and the second
//  12. reference page weight: what Chromium transfers opening every reference in one session
//      over npm start's server (`--pages-site=DIR` measures another built site, `--no-compress`
//      serves it uncompressed)
//  13. the test loop on a fresh clone: a cold `npm test`, a warm one with nothing changed, and one
//      after an edit to a description in the spec of the vendor with the fewest operations
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import createClient from 'openapi-fetch';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadGeneratedClient } from '../src/spec/generated-client.js';
import { compareCallers, measureRps } from './lib/load.js';
import { statefulBench } from './lib/bench-stateful.js';
import { dropParsedOperations, startMock } from '../src/tools/mock/prism.js';
import { credentialVariables } from '../src/tools/verify/credentials.js';
import { verify } from '../src/tools/verify/run.js';
import { listOperations, loadBundle, mediaExamples } from '../src/spec/openapi.js';
import { listVendors, repoRoot, type Vendor } from '../src/spec/project.js';
import { main, run } from './lib/run.js';
import { writeSyntheticProject } from './lib/synthetic-spec.js';
import { clearCaches } from './lib/step-cache.js';
import { textTable } from '../src/spec/vendor-summary.js';

const quick = process.argv.includes('--quick');
/** `--only=sizes,runtime` runs just those sections. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (section: string) => !only || only.includes(section);

main(async () => {
  console.log(`vendor-apis bench (${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores)${quick ? ' --quick' : ''}\n`);
  const sections: Array<[string, () => Promise<void>]> = [
    ['pipeline', pipelineSteps],
    ['mock', mockThroughput],
    ['client', clientOverhead],
    ['scaling', scaling],
    ['sizes', clientSizes],
    ['runtime', runtimeOverhead],
    ['verify', verifyTime],
    ['install', installSizes],
    ['restart', mockRestarts],
    ['stateful', () => statefulBench(quick)],
    ['first-mock', firstMock],
    ['pages', pageWeights],
    ['test-loop', testLoop],
  ];
  for (const [name, section] of sections) if (wanted(name)) await section();
});

/** Minified + gzipped size of an entry that imports `names` from a vendor's generated index. */
async function bundledSize(vendor: { generatedDir: string }, names: string[]): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from ${JSON.stringify(path.join(vendor.generatedDir, 'index.ts'))};`, resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code).length };
}

async function clientSizes(): Promise<void> {
  const rows: string[][] = [];
  const kb = (n: number) => (n / 1024).toFixed(1);
  for (const vendor of listVendors()) {
    const { descriptor } = await loadGeneratedClient(vendor);
    const client = await bundledSize(vendor, [descriptor.factory]);
    const parser = `parse${descriptor.factory.replace(/^create|Client$/g, '')}Webhook`;
    const hasWebhooks = listOperations(loadBundle(vendor.bundlePath), 'webhooks').length > 0;
    const withParser = hasWebhooks ? await bundledSize(vendor, [descriptor.factory, parser]) : undefined;
    rows.push([
      vendor.name,
      kb(client.min),
      kb(client.gzip),
      withParser ? `+${kb(withParser.min - client.min)}` : '-',
      withParser ? `+${kb(withParser.gzip - client.gzip)}` : '-',
    ]);
  }
  console.log('\n5. Client size (esbuild, minified ESM incl. openapi-fetch; KiB)');
  console.log(textTable(['vendor', 'client min', 'client gzip', 'webhook parser min', 'webhook parser gzip'], rows));
}

async function runtimeOverhead(): Promise<void> {
  const { vendor, op, body } = sampleGet();
  const calls = quick ? 1000 : 3000;
  const { descriptor, create } = await loadGeneratedClient(vendor);
  const credentials = Object.fromEntries(descriptor.auth.options.map((o) => [o, btoa('bench:bench')]));
  await withBareServer(body, async (url) => {
    const runtime = create({ ...credentials, baseUrl: url });
    const bare = createClient<Record<string, never>>({ baseUrl: url, headers: { authorization: 'bench' } });
    const bareCall = () => (bare as any).GET(op.key, {});
    const runtimeCall = () => runtime.GET(op.key as never, {} as never);
    const [b, r] = await compareCallers(bareCall, runtimeCall, calls);
    console.log(`\n6. Runtime overhead: ${calls} sequential GET ${op.key}, bare openapi-fetch vs ${descriptor.factory} (auth, retry/timeout transport), median of 5 alternating rounds`);
    console.log(textTable(['client', 'µs/call', 'ratio'], [
      ['bare openapi-fetch createClient', b.toFixed(0), '1.00'],
      [descriptor.factory, r.toFixed(0), (r / b).toFixed(2)],
    ]));
  });
}

/** verify's credential variables for a vendor, with values its mock accepts (a Basic token must decode to user:pass). */
async function benchCredentials(vendor: Vendor): Promise<Record<string, string>> {
  const { descriptor } = await loadGeneratedClient(vendor);
  const values = descriptor.auth.type === 'basicToken' ? [btoa('bench:bench')] : descriptor.auth.options.map(() => 'bench');
  return Object.fromEntries(credentialVariables(vendor.name, descriptor.auth).map((v, i) => [v.env, values[i]!]));
}

async function verifyTime(): Promise<void> {
  console.log('\n7. verify against each static mock, unpaced (--rate 10000): own time per operation checked (both requests and all checks)');
  const rows: string[][] = [];
  for (const vendor of listVendors()) {
    const mock = await startMock(vendor.bundlePath, { logLevel: 'silent' });
    try {
      const env = await benchCredentials(vendor);
      const t0 = performance.now();
      const { report } = await verify({ vendor, baseUrl: mock.url, includeWrites: [], rate: 10_000 }, { env });
      const ms = performance.now() - t0;
      const checked = report.summary.passed + report.summary.deviated;
      rows.push([vendor.name, String(checked), ms.toFixed(0), checked ? (ms / checked).toFixed(1) : '-']);
    } finally {
      await mock.close();
    }
  }
  console.log(textTable(['vendor', 'operations checked', 'total ms', 'ms/operation'], rows));
}

/** What a suite that starts a mock per test pays: CPU and the heap left after a full GC, per round. */
async function mockRestarts(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-restart-'));
  let copies = 0;
  // A fresh copy of the bundle is a new file to Prism's parse cache: the behaviour before it.
  const fresh = (bundlePath: string) => {
    const copy = path.join(tmp, `${copies++}.json`);
    copyFileSync(bundlePath, copy);
    return copy;
  };
  const round = async (bundleOf: (bundlePath: string) => string, afterClose: (bundle: string) => void = () => {}) => {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const cpu0 = process.cpuUsage();
    for (const vendor of listVendors()) {
      const env = await benchCredentials(vendor);
      for (const dynamic of [false, true]) {
        const bundle = bundleOf(vendor.bundlePath);
        const mock = await startMock(bundle, { logLevel: 'silent', dynamic, seed: '1' });
        await verify({ vendor, baseUrl: mock.url, includeWrites: [], rate: 10_000 }, { env });
        await mock.close();
        afterClose(bundle);
      }
    }
    const cpu = process.cpuUsage(cpu0);
    gc();
    return { cpuMs: (cpu.user + cpu.system) / 1000, heapMb: (process.memoryUsage().heapUsed - heap0) / 2 ** 20 };
  };
  try {
    await round((p) => p); // warm-up: modules, first parse of each bundle
    const rounds = quick ? 2 : 4;
    const shared: number[][] = [];
    const parsed: number[][] = [];
    for (let i = 0; i < rounds; i++) {
      const a = await round(fresh, dropParsedOperations);
      const b = await round((p) => p);
      parsed.push([a.cpuMs, a.heapMb]);
      shared.push([b.cpuMs, b.heapMb]);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const cpuFresh = median(parsed.map((r) => r[0]!));
    const cpuShared = median(shared.map((r) => r[0]!));
    console.log(`\n9. A mock per test: rounds of ten mocks (each vendor, static and dynamic), each verified, ${rounds} alternating pairs, median CPU; heap kept after a full GC, summed`);
    console.log(textTable(['each mock', 'CPU ms/round', 'ratio', 'heap kept MiB, all rounds'], [
      ['parses its bundle afresh (before)', cpuFresh.toFixed(0), '1.00', parsed.reduce((t, r) => t + r[1]!, 0).toFixed(1)],
      ['shares the parse (startMock now)', cpuShared.toFixed(0), (cpuShared / cpuFresh).toFixed(2), shared.reduce((t, r) => t + r[1]!, 0).toFixed(1)],
    ]));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A fresh node process imports vendor-apis/testing (compiled) and times its first and second startMock. */
async function firstMock(): Promise<void> {
  const built = await run('npm', ['run', '--silent', 'build'], { cwd: repoRoot });
  if (built.code !== 0) throw new Error(`npm run build failed:\n${built.output}`);
  const vendor = listVendors()[0]!.name;
  const script = `
    const t0 = performance.now();
    const { startMock } = await import(${JSON.stringify(path.join(repoRoot, 'dist', 'src', 'tools', 'testing.js'))});
    const t1 = performance.now();
    const first = await startMock(${JSON.stringify(vendor)});
    const t2 = performance.now();
    const second = await startMock(${JSON.stringify(vendor)});
    const t3 = performance.now();
    await first.close(); await second.close();
    console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 }));`;
  const samples: Array<{ importMs: number; firstMs: number; secondMs: number }> = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
    if (result.code !== 0) throw new Error(result.output);
    samples.push(JSON.parse(result.output.trim().split('\n').at(-1)!));
  }
  const median = (key: keyof (typeof samples)[0]) => {
    const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
    return `${Math.round(sorted[Math.floor(sorted.length / 2)]!)} (${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)})`;
  };
  console.log(`11. startMock('${vendor}') in a fresh process, ${samples.length} processes, ms: median (min–max)`);
  console.log(textTable(['import vendor-apis/testing', 'first startMock', 'second startMock'], [[median('importMs'), median('firstMs'), median('secondMs')]]));
  console.log();
}

/** Bytes Chromium transfers for each reference, opened one after another in one browser context. */
async function pageWeights(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const { measurePages } = await import('./lib/page-weight.js');
  const { serveStatic } = await import('./lib/static-server.js');
  const siteArg = process.argv.find((a) => a.startsWith('--pages-site='));
  const site = siteArg ? path.resolve(siteArg.slice('--pages-site='.length)) : path.join(repoRoot, 'docs', 'site');
  const compress = !process.argv.includes('--no-compress');
  const server = await serveStatic(site, 0, '127.0.0.1', { compress });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const paths = listVendors().map((v) => `/${v.name}/index.html`);
    const weights = await measurePages(browser, server.url, paths);
    const kb = (n: number) => (n / 1000).toFixed(1);
    const { statSync } = await import('node:fs');
    const rows = weights.map((w) => [w.path, kb(statSync(path.join(site, w.path)).size), kb(w.own), kb(w.transferred - w.own), kb(w.transferred)]);
    const total = weights.reduce((n, w) => n + w.transferred, 0);
    rows.push(['all, one session', '', '', '', kb(total)]);
    console.log(`12. reference pages from ${path.relative(repoRoot, site) || site}${compress ? '' : ' (served uncompressed)'}, kB (1000 bytes) transferred, in this order in one browser context`);
    console.log(textTable(['page', 'page file', 'own transferred', 'shared transferred', 'transferred'], rows));
    console.log();
  } finally {
    await browser.close();
    await server.close();
  }
}

async function installSizes(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-install-'));
  try {
    const pack = await run('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: repoRoot });
    if (pack.code !== 0) throw new Error(pack.output);
    const tarball = path.join(tmp, pack.output.trim().split('\n').at(-1)!.trim());
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    const peers = Object.entries(manifest.peerDependencies).map(([name, version]) => `${name}@${version}`);
    const rows: string[][] = [];
    for (const [label, extra] of [['client only: npm install vendor-apis', []], ['with the tools (optional peers)', peers]] as const) {
      const dir = mkdtempSync(path.join(tmp, 'project-'));
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-consumer', private: true, type: 'module' }));
      const install = await run('npm', ['install', tarball, ...extra, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: dir });
      if (install.code !== 0) throw new Error(install.output);
      const ls = await run('npm', ['ls', '--all', '--parseable'], { cwd: dir });
      const packages = ls.output.trim().split('\n').filter((line) => line.includes('node_modules')).length;
      const du = await run('du', ['-sk', path.join(dir, 'node_modules')]);
      rows.push([label, String(packages), (Number(du.output.split(/\s/)[0]) / 1024).toFixed(1)]);
    }
    console.log('\n8. Install footprint of the packed tarball (npm install into an empty project, --prefer-offline)');
    console.log(textTable(['install', 'packages', 'node_modules MiB'], rows));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function timed(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string[]> {
  const t0 = performance.now();
  const result = await run(command, args, { cwd: repoRoot, env });
  const seconds = (performance.now() - t0) / 1000;
  if (result.code !== 0) throw new Error(`${label} failed:\n${result.output}`);
  return [label, seconds.toFixed(1)];
}

/** Each step cold (every cache cleared: scripts/lib/step-cache.ts) and then warm (run again, nothing changed). */
async function pipelineSteps(): Promise<void> {
  const rows: string[][] = [];
  const coldAndWarm = async (label: string, command: string, args: string[]) => {
    clearCaches();
    const [, cold] = await timed(label, command, args);
    const [, warm] = await timed(label, command, args);
    rows.push([label, cold!, warm!, (Number(warm) / Number(cold)).toFixed(2)]);
  };
  for (const step of ['lint', 'generate', 'typecheck', 'build', 'docs', 'test:contract']) await coldAndWarm(`npm run ${step}`, 'npm', ['run', '--silent', step]);
  await coldAndWarm('npm run bundle', 'npm', ['run', '--silent', 'bundle']);
  if (!quick) await coldAndWarm('npm test (everything)', 'npm', ['test', '--silent']);
  console.log(`1. Pipeline steps (seconds, all vendors)\n${textTable(['step', 'cold s', 'warm s', 'warm / cold'], rows)}\n`);
}

/** The first vendor's first GET operation with a JSON example, to serve from both servers. */
function sampleGet() {
  for (const vendor of listVendors()) {
    const doc = loadBundle(vendor.bundlePath);
    for (const op of listOperations(doc)) {
      if (op.method !== 'get' || op.parameters.some((p) => p.in === 'path')) continue;
      const example = mediaExamples(doc, op.operation.responses?.['200'], `${op.pointer}/responses/200`)[0]?.examples[0];
      if (example) return { vendor, op, body: JSON.stringify(example.value) };
    }
  }
  throw new Error('No GET operation without path parameters and with a 200 example');
}

async function withBareServer<T>(body: string, fn: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  try {
    return await fn(`http://127.0.0.1:${address.port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function mockThroughput(): Promise<void> {
  const { vendor, op, body } = sampleGet();
  const total = quick ? 1000 : 4000;
  const concurrency = 16;
  const mock = await startMock(vendor.bundlePath, { logLevel: 'silent' });
  // Any non-empty credential passes Prism's presence check for apiKey/bearer; a Basic one must decode to user:pass.
  const headers = { authorization: `Basic ${btoa('bench:bench')}`, 'x-api-key': 'bench' };
  const prism = await measureRps(() => fetch(mock.url + op.key, { headers }).then((r) => r.arrayBuffer()), total, concurrency);
  await mock.close();
  const bare = await withBareServer(body, (url) => measureRps(() => fetch(url + op.key).then((r) => r.arrayBuffer()), total, concurrency));
  console.log(`2. Mock throughput: GET ${op.key} (${vendor.name}), ${total} requests, concurrency ${concurrency}, same process`);
  console.log(textTable(['server', 'req/s', 'ratio'], [
    ['bare node:http', bare.toFixed(0), '1.00'],
    ['Prism mock (validating)', prism.toFixed(0), (prism / bare).toFixed(2)],
  ]));
  console.log();
}

async function clientOverhead(): Promise<void> {
  const { vendor, op, body } = sampleGet();
  const calls = quick ? 1000 : 3000;
  const { descriptor, create } = await loadGeneratedClient(vendor);
  const credentials = Object.fromEntries(descriptor.auth.options.map((o) => [o, btoa('bench:bench')]));
  await withBareServer(body, async (url) => {
    const client = create({ ...credentials, baseUrl: url });
    const rawCall = () => fetch(url + op.key, { headers: { accept: 'application/json' } }).then((r) => r.json());
    const clientCall = () => client.GET(op.key as never, {} as never);
    const [raw, generated] = await compareCallers(rawCall, clientCall, calls);
    console.log(`3. Client overhead: ${calls} sequential GET ${op.key} to a bare in-process server (median of 5 alternating rounds)`);
    console.log(textTable(['caller', 'µs/call', 'ratio'], [
      ['raw fetch + res.json()', raw.toFixed(0), '1.00'],
      [`generated ${descriptor.factory}`, generated.toFixed(0), (generated / raw).toFixed(2)],
    ]));
    console.log();
  });
}

async function scaling(): Promise<void> {
  const sizes = quick ? [100] : [100, 1000];
  const rows: string[][] = [];
  for (const size of sizes) {
    const root = mkdtempSync(path.join(os.tmpdir(), `bench-${size}-`));
    try {
      writeSyntheticProject(root, size);
      const env = { VENDOR_APIS_ROOT: root };
      const row = [String(size)];
      for (const [label, args] of [
        ['lint', ['tsx', 'scripts/lint.ts']],
        ['bundle', ['tsx', 'scripts/bundle.ts']],
        ['generate', ['tsx', 'scripts/generate.ts']],
        ['contract tests', ['vitest', 'run', 'contract-tests/specs/contract.test.ts']],
      ] as const) {
        row.push((await timed(label, 'npx', [...args], env))[1]!);
      }
      rows.push(row);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  console.log('4. Scaling: synthetic spec (one GET + example + 401 per operation), seconds');
  console.log(textTable(['operations', 'lint', 'bundle', 'generate', 'contract tests'], rows));
  if (rows.length === 2) {
    const ratio = rows[1]!.slice(1).map((v, i) => (Number(v) / Number(rows[0]![i + 1])).toFixed(1));
    console.log(textTable(['1000 / 100', 'lint', 'bundle', 'generate', 'contract tests'], [['×', ...ratio]]));
  }
}

/** The goals of the test loop on these 2 cores (seconds). */
const TEST_LOOP_GOALS = { cold: 120, warm: 15, edit: 45 };

/**
 * `npm test` as a developer meets it, in a fresh clone of HEAD (node_modules linked from this
 * checkout, the vendor docs beside it as in CI): cold (no records, nothing built), warm
 * (nothing changed), and after an edit to one description of the spec with the fewest
 * operations, nothing staged (npm test regenerates; check:drift lets generated/ follow the
 * edited spec). CI unset: CI=true always runs everything.
 */
async function testLoop(): Promise<void> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'bench-test-loop-'));
  const clone = path.join(parent, path.basename(repoRoot));
  const env = { CI: '', VENDOR_APIS_CACHE: '' };
  const logDir = path.join(repoRoot, '.tmp', 'bench-test-loop');
  try {
    const cloned = await run('git', ['clone', '--quiet', repoRoot, clone]);
    if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.output}`);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'));
    const shared = path.join(repoRoot, '..', 'shared');
    if (existsSync(shared)) symlinkSync(realpathSync(shared), path.join(parent, 'shared'));
    const npmTest = async (label: string) => {
      const t0 = performance.now();
      const result = await run('npm', ['test'], { cwd: clone, env });
      const seconds = (performance.now() - t0) / 1000;
      // Each run's output, for the step and file times behind the figure.
      mkdirSync(logDir, { recursive: true });
      writeFileSync(path.join(logDir, `${label}.log`), result.output);
      if (result.code !== 0) throw new Error(`${label}: npm test failed:\n${result.output.slice(-4000)}`);
      const skipped = /↷ (skipped .*?):/.exec(result.output)?.[1] ?? 'nothing skipped';
      const ran = /Test Files\s+(.*)/.exec(result.output)?.[1]?.trim() ?? 'no vitest run';
      return { seconds, skipped, ran };
    };
    const cold = await npmTest('cold');
    const warm = await npmTest('warm');
    const vendor = listVendors(clone).map((v) => ({ v, ops: listOperations(loadBundle(v.bundlePath)).length })).sort((a, b) => a.ops - b.ops)[0]!.v;
    editFirstDescription(vendor.specRoot);
    const edit = await npmTest('edit');
    const row = (label: string, r: { seconds: number; skipped: string; ran: string }, goal: number) => [label, r.seconds.toFixed(1), `≤ ${goal}`, r.seconds <= goal ? 'met' : 'missed', (r.seconds / cold.seconds).toFixed(2), r.ran, r.skipped];
    const rows = [
      row('cold: a fresh clone, nothing built, no records', cold, TEST_LOOP_GOALS.cold),
      row('warm: npm test again, nothing changed', warm, TEST_LOOP_GOALS.warm),
      row(`one description edited in specs/${vendor.name}/, then npm test`, edit, TEST_LOOP_GOALS.edit),
    ];
    console.log(`13. The test loop on a fresh clone (seconds; ${os.cpus().length} cores; each run's output in ${path.relative(repoRoot, logDir)}/)\n${textTable(['run', 's', 'goal', '', '/ cold', 'vitest files', 'skipped'], rows)}\n`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

/** Appends a sentence to the first line of the spec's info.description (a block scalar or a plain line). */
function editFirstDescription(specRoot: string): void {
  const lines = readFileSync(specRoot, 'utf8').split('\n');
  const at = lines.findIndex((line) => /^ {2}description: /.test(line));
  if (at < 0) throw new Error(`${specRoot}: no info.description to edit`);
  const target = /^ {2}description: [|>]-?$/.test(lines[at]!) ? at + 1 : at;
  lines[target] = `${lines[target]} Edited for the bench.`;
  writeFileSync(specRoot, lines.join('\n'));
}
