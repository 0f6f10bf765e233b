// The published package as a user gets it: `npm pack`, install the tarball into an empty
// project (reused when the tarball is byte-identical to the last run's, see below), then
// type-check and run a consumer of every vendor subpath (and an imported spec) there, under
// "moduleResolution": "node16" and "bundler"; a client-only install has no tools; a second
// project installs the tools too and runs every command and the test helpers, and the stateful
// mock's lifecycle over every derived resource.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deref, listOperations, loadBundle } from '../../src/spec/openapi.js';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { firstVendorWith, toProve, vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { run } from '../../scripts/lib/run.js';
import { cacheEnabled, inputsKey, reusedInstallsDir } from '../../scripts/lib/step-cache.js';
import { buildCases } from '../lib/cases.js';
import { credentialHeaders } from '../../src/client/auth.js';
import { credentialVariables } from '../../src/tools/verify/credentials.js';
import { testCredentials } from '../lib/vendor-under-test.js';
import { lifecycleSeed, runLifecycle } from '../lib/lifecycle.js';
import { modelOf } from '../../src/tools/stateful/server.js';

// The two consumer projects are installed again only when the tarball (npm pack is
// byte-reproducible), the peer versions or the lockfile changed: a repeated npm test reuses the
// install of a byte-identical package; a fresh clone (CI) installs. They live outside the repo
// (reusedInstallsDir).
const packDir = mkdtempSync(path.join(os.tmpdir(), 'pkg-pack-'));
const tmp = path.join(reusedInstallsDir, 'client');
const toolsProject = path.join(reusedInstallsDir, 'tools');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
/** What `npm pack --json` put in the tarball, and where it is. */
let packedFiles: string[] = [];
let tarball = '';
/** The tools project's install, started beside the client-only one; its describe awaits it. */
let toolsInstall: Promise<{ code: number | null; output: string }> | undefined;

/**
 * Installs `specs` into an empty project at `cwd`, unless it already holds an install under
 * this `key` (the tarball's bytes, peers, lockfile, Node). When only the tarball changed
 * (`depsKey`: everything but its bytes), the new tarball is installed over the old one, as a
 * user upgrades: npm replaces the package's folder and keeps the dependencies it already has.
 */
async function npmInstall(cwd: string, name: string, specs: string[], key: string, depsKey: string) {
  const marker = path.join(cwd, '.installed-key');
  const depsMarker = path.join(cwd, '.installed-deps-key');
  const has = (file: string, value: string) => cacheEnabled() && existsSync(file) && readFileSync(file, 'utf8') === value;
  if (has(marker, key)) return { code: 0, output: '(reused)' };
  if (!has(depsMarker, depsKey)) {
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  }
  rmSync(marker, { force: true });
  const result = await run('npm', ['install', ...specs, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd });
  if (result.code === 0) {
    writeFileSync(depsMarker, depsKey);
    writeFileSync(marker, key);
  }
  return result;
}

/** consumer.ts: for each vendor, create its client, call one GET through a stub fetch, parse a webhook if it has any. */
async function consumerSource(): Promise<string> {
  const lines = [`import { ApiError, WebhookValidationError } from 'vendor-apis';`];
  const body: string[] = [];
  for (const [i, vendor] of listVendors().entries()) {
    const { descriptor } = await loadGeneratedClient(vendor);
    const doc = loadBundle(vendor.bundlePath);
    const get = listOperations(doc).find((op) => op.method === 'get');
    const webhook = buildCases(doc).webhookExamples[0];
    const name = descriptor.factory.replace(/^create|Client$/g, '');
    lines.push(`import { ${descriptor.factory}${webhook ? `, parse${name}Webhook` : ''}, type ${name}ClientOptions } from 'vendor-apis/${vendor.name}';`);
    body.push(`{
  const options: ${name}ClientOptions = { ...${JSON.stringify(testCredentials(descriptor.auth))}, baseUrl: 'https://api.test/v1', retry: false, fetch: stub };
  const client = ${descriptor.factory}(options);
  ${get ? `const { data } = await client.request('get', ${JSON.stringify(get.key)} as never, { params: { path: new Proxy({}, { get: () => '1' }) } } as never);
  if ((data as unknown as { ok?: boolean }).ok !== true) throw new Error('${vendor.name}: unexpected body');` : ''}
  ${webhook ? `const payload = parse${name}Webhook(${JSON.stringify(JSON.stringify(webhook.value))});
  if (typeof payload !== 'object') throw new Error('${vendor.name}: webhook not parsed');
  try { parse${name}Webhook('{}'); throw new Error('accepted {}'); } catch (e) { if (!(e instanceof WebhookValidationError)) throw e; }` : ''}
  console.log('ok ${vendor.name} ${i}');
}`);
  }
  // Importable specs: the bundled OpenAPI document of each vendor, as JSON.
  const first = listVendors()[0]!;
  lines.push(`import firstSpec from 'vendor-apis/${first.name}/openapi.json' with { type: 'json' };`);
  body.push(`if (typeof firstSpec.info.title !== 'string' || !firstSpec.paths) throw new Error('spec not imported');\nconsole.log('spec ${first.name} ' + firstSpec.info.version);`);
  // The measured change lists of each release, as data (CHANGELOG.md's lists).
  lines.push(`import firstChanges from 'vendor-apis/${first.name}/changes.json' with { type: 'json' };`);
  body.push(`if (firstChanges.vendor !== '${first.name}' || !Array.isArray(firstChanges.releases)) throw new Error('changes not imported');\nconsole.log('changes ${first.name} ' + firstChanges.releases.length);`);
  return `${lines.join('\n')}
const stub = async (_request: Request): Promise<Response> => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
${body.join('\n')}
console.log(ApiError.name);
`;
}

beforeAll(async () => {
  // npm test builds dist/ just before the suites, so the pack skips its prepack rebuild then.
  const built = existsSync(path.join(repoRoot, 'dist', 'src', 'tools', 'vendor-apis.js'));
  const pack = await run('npm', ['pack', '--pack-destination', packDir, '--json', ...(built ? ['--ignore-scripts'] : [])], { cwd: repoRoot });
  expect(pack.code, pack.output).toBe(0);
  packedFiles = (JSON.parse(pack.output.slice(pack.output.indexOf('['))) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
  tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const peers = Object.entries(pkg.peerDependencies as Record<string, string>).map(([n, v]) => `${n}@${v}`);
  const depsKey = inputsKey([path.join(repoRoot, 'package-lock.json')], [...peers, JSON.stringify(pkg.dependencies)]); // Node version included
  const key = inputsKey([tarball], [depsKey]);
  toolsInstall = npmInstall(toolsProject, 'tools-consumer', [tarball, ...peers], key, depsKey);
  const install = await npmInstall(tmp, 'consumer', [tarball], key, depsKey);
  expect(install.code, install.output).toBe(0);
  writeFileSync(path.join(tmp, 'consumer.ts'), await consumerSource());
});
afterAll(async () => {
  await toolsInstall; // never delete a folder npm is still writing to
  rmSync(packDir, { recursive: true, force: true });
});

/** tsc on consumer.ts under one moduleResolution, once: the run test needs node16's output. */
const compiled = new Map<string, Promise<{ code: number | null; output: string }>>();
function compileConsumer(resolution: 'node16' | 'bundler') {
  if (!compiled.has(resolution)) {
    const config = path.join(tmp, `tsconfig.${resolution}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          // Import attributes (the JSON spec import) need module node18+; resolution stays node16.
          module: resolution === 'node16' ? 'node20' : 'esnext',
          moduleResolution: resolution,
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          resolveJsonModule: true,
          outDir: `out-${resolution}`,
          // The package's .d.ts files are checked; TypeScript's own lib files are not ours to check.
          skipLibCheck: false,
          skipDefaultLibCheck: true,
        },
        files: ['consumer.ts'],
      }),
    );
    // --incremental, its state kept in the (reused) install: a package whose .d.ts files are
    // byte-identical to the last check's is not checked again; a fresh install has no state.
    compiled.set(resolution, run('node', [tsc, '-p', config, '--incremental', '--tsBuildInfoFile', path.join(tmp, `tsbuildinfo-${resolution}`)], { cwd: tmp }));
  }
  return compiled.get(resolution)!;
}

describe.concurrent('the packed package', () => {
  it('installs only openapi-fetch and the compiled validators\' runtime (ajv, ajv-formats) as dependencies', async () => {
    const ls = await run('npm', ['ls', 'openapi-fetch', 'ajv', 'ajv-formats'], { cwd: tmp });
    expect(ls.code, ls.output).toBe(0);
    expect(ls.output).toContain('openapi-fetch@');
    const pkg = (await import(path.join(tmp, 'node_modules', 'vendor-apis', 'package.json'), { with: { type: 'json' } })).default;
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ajv', 'ajv-formats', 'openapi-fetch']);
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`type-checks a consumer of every subpath with "moduleResolution": "${resolution}"`, async () => {
      const result = await compileConsumer(resolution);
      expect(result.code, result.output).toBe(0);
    });
  }

  it('runs the compiled consumer with node', async () => {
    expect((await compileConsumer('node16')).code).toBe(0);
    const result = await run('node', [path.join(tmp, 'out-node16', 'consumer.js')], { cwd: tmp });
    expect(result.code, result.output).toBe(0);
    for (const vendor of listVendors()) expect(result.output).toContain(`ok ${vendor.name}`);
    expect(result.output).toMatch(new RegExp(`spec ${listVendors()[0]!.name} \\d+\\.\\d+\\.\\d+`));
    expect(result.output).toMatch(new RegExp(`changes ${listVendors()[0]!.name} \\d+`));
  });

  it('leaves the tools out of a client-only install: a tool command prints the npm install line and exits 2', async () => {
    for (const name of ['@stoplight/prism-http', '@stoplight/prism-http-server', 'yaml']) {
      expect(existsSync(path.join(tmp, 'node_modules', name)), name).toBe(false);
    }
    const bin = path.join(tmp, 'node_modules', '.bin', 'vendor-apis');
    const result = await run(bin, ['mock', listVendors()[0]!.name], { cwd: tmp });
    expect(result.code, result.output).toBe(2);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const line = `npm install --save-dev ${Object.entries(pkg.peerDependencies as Record<string, string>).map(([n, v]) => `${n}@${v}`).join(' ')}`;
    expect(result.output).toContain(line);
  });

  it('runs what needs no tool dependency in a client-only install: list, webhook list, --help and every command\'s --help', async () => {
    const bin = path.join(tmp, 'node_modules', '.bin', 'vendor-apis');
    const vendor = listVendors().find((v) => listOperations(loadBundle(v.bundlePath), 'webhooks').length > 0)!;
    const runs = await Promise.all(
      [['list'], ['webhook', 'list', vendor.name], ['--help'], ...['list', 'mock', 'proxy', 'verify', 'webhook'].map((c) => [c, '--help'])].map(async (args) => ({ args, result: await run(bin, args, { cwd: tmp }) })),
    );
    for (const { args, result } of runs) {
      expect(result.code, `${args.join(' ')}: ${result.output}`).toBe(0);
      expect(result.output, args.join(' ')).not.toMatch(/needs the tool dependencies/);
    }
    expect(runs[0]!.result.output).toMatch(new RegExp(`^${listVendors()[0]!.name}\\s`, 'm'));
  });

  it('packs only what a user needs (the files npm pack listed) and passes npm publish --dry-run', async () => {
    const files = packedFiles;
    const unexpected = files.filter((f) => !/^(dist\/(src\/(client|spec|tools)|generated)\/.*\.(js|d\.ts)|generated\/[^/]+\/(openapi|changes)\.json|generated\/vendors\.json|README\.md|CHANGELOG\.md|package\.json)$/.test(f));
    expect(unexpected).toEqual([]);
    expect(files).toContain('dist/src/tools/vendor-apis.js');
    for (const vendor of listVendors()) expect(files).toContain(`generated/${vendor.name}/changes.json`);
    // What ships is built from src/ and generated/: the repository's scripts never do.
    expect(files.filter((f) => f.startsWith('dist/scripts/'))).toEqual([]);
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
    // `npm run --silent` (npm test) hands npm_config_loglevel=silent down; the notices are the point here.
    // The tarball under test itself, not a second pack of the checkout.
    const publish = await run('npm', ['publish', tarball, '--dry-run', '--ignore-scripts'], { cwd: repoRoot, env: { npm_config_loglevel: 'notice' } });
    expect(publish.code, publish.output).toBe(0);
    expect(publish.output).toContain('(dry-run)');
  });
});

// The tools from the installed package, in another empty project that also installs the
// optional peer dependencies: every command of the bin, the test helpers, a webhook receiver.
describe.concurrent('the packed package with its tools', () => {
  const project = toolsProject;
  const vendor = listVendors().find((v) => listOperations(loadBundle(v.bundlePath), 'webhooks').length > 0)!;
  const bin = path.join(project, 'node_modules', '.bin', 'vendor-apis');
  let receiver: Server;
  let receiverUrl = '';
  /** Deliveries by path: /hooks/<name> answers 200, /refuse/<name> answers 500, so tests can run at once. */
  const received = new Map<string, unknown>();

  beforeAll(async () => {
    const install = await toolsInstall!;
    expect(install.code, install.output).toBe(0);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.set(req.url ?? '', JSON.parse(body));
        const ok = req.url?.startsWith('/hooks/');
        res.writeHead(ok ? 200 : 500).end(ok ? 'thanks' : 'nope');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('vendor-apis --help, list, and one-line errors with exit 2 for an unknown command, vendor or option', async () => {
    // Independent processes of the installed bin, all at once.
    const usageErrors: Array<[string[], RegExp]> = [
      [['nope'], /Unknown command "nope"/],
      [['mock', 'nosuchvendor'], /Unknown vendor "nosuchvendor"/],
      [['verify', vendor.name, '--base-url', 'https://x.test', '--nope'], /Unknown option --nope/],
      [['webhook', 'send', vendor.name, 'No.such', '--to', `${receiverUrl}/hooks/none`], /no webhook event "No.such"/],
    ];
    const commands = ['mock', 'proxy', 'verify', 'webhook'];
    const [help, list, errors, usages] = await Promise.all([
      run(bin, ['--help'], { cwd: project }),
      run(bin, ['list'], { cwd: project }),
      Promise.all(usageErrors.map(([args]) => run(bin, args, { cwd: project }))),
      Promise.all(commands.map((command) => run(bin, [command, '--help'], { cwd: project }))),
    ]);
    expect(help.code).toBe(0);
    for (const command of ['list', ...commands]) expect(help.output).toContain(command);
    expect(list.code, list.output).toBe(0);
    for (const v of listVendors()) expect(list.output).toContain(v.name);
    errors.forEach((result, i) => {
      expect(result.code, result.output).toBe(2);
      expect(result.output.trim().split('\n')).toHaveLength(1);
      expect(result.output).toMatch(usageErrors[i]![1]);
    });
    usages.forEach((usage, i) => {
      expect(usage.code, usage.output).toBe(0);
      expect(usage.output).toMatch(new RegExp(`Usage: vendor-apis ${commands[i]}`));
    });
  });

  it('vendor-apis mock serves, verify passes against it, proxy reports the traffic', async ({ expect }) => {
    const port = await freePort();
    const mock = spawn(bin, ['mock', vendor.name, '--port', String(port), '--quiet'], { cwd: project, detached: true });
    let out = '';
    mock.stdout.on('data', (c: Buffer) => (out += c.toString()));
    mock.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C');
      const { descriptor } = await loadGeneratedClient(vendor);
      const env = Object.fromEntries(credentialVariables(vendor.name, descriptor.auth).map((v, i) => [v.env, Object.values(testCredentials(descriptor.auth))[i]!]));
      const verify = await run(bin, ['verify', vendor.name, '--base-url', `http://127.0.0.1:${port}`, '--rate', '100'], { cwd: project, env });
      expect(verify.code, verify.output).toBe(0);
      expect(verify.output).toMatch(/\d+ passed, 0 deviated/);
      const reportDir = path.join(project, 'proxy-report');
      rmSync(reportDir, { recursive: true, force: true }); // the project may be a reused install
      const proxy = spawn(bin, ['proxy', vendor.name, `http://127.0.0.1:${port}`, '--port', '0', '--report', reportDir, '--fail-on-violation'], { cwd: project });
      let proxyOut = '';
      proxy.stdout.on('data', (c: Buffer) => (proxyOut += c.toString()));
      await expect.poll(() => proxyOut, { timeout: 60_000, interval: 100 }).toMatch(/Validating proxy for \S+: http:\/\/127\.0\.0\.1:\d+/);
      const proxyUrl = /Validating proxy for \S+: (http:\/\/127\.0\.0\.1:\d+)/.exec(proxyOut)![1]!;
      const first = listOperations(loadBundle(vendor.bundlePath)).find((op) => op.method === 'get' && !op.key.includes('{'))!;
      const headers = credentialHeaders(descriptor.auth, testCredentials(descriptor.auth), 'test');
      expect((await fetch(`${proxyUrl}${first.key}`, { headers })).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => proxy.on('close', resolve));
      proxy.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(JSON.parse(readFileSync(path.join(reportDir, `proxy-${vendor.name}.json`), 'utf8')).summary).toMatchObject({ passed: 1, deviated: 0 });
    } finally {
      process.kill(-mock.pid!, 'SIGTERM');
    }
  });

  it('vendor-apis webhook list and send: the documented payload reaches the receiver; exit 1 unless it answers 2xx', async () => {
    const list = await run(bin, ['webhook', 'list', vendor.name], { cwd: project });
    expect(list.code, list.output).toBe(0);
    const events = listOperations(loadBundle(vendor.bundlePath), 'webhooks').map((op) => op.key);
    for (const event of events) expect(list.output).toContain(event);
    const sent = await run(bin, ['webhook', 'send', vendor.name, events[0]!, '--to', `${receiverUrl}/hooks/send`], { cwd: project });
    expect(sent.code, sent.output).toBe(0);
    expect(sent.output).toMatch(/→ 200/);
    expect(received.get('/hooks/send')).toEqual(buildCases(loadBundle(vendor.bundlePath)).webhookExamples.find((c) => c.op.key === events[0])!.value);
    const refused = await run(bin, ['webhook', 'send', vendor.name, events[0]!, '--to', `${receiverUrl}/refuse/send`], { cwd: project });
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/→ 500/);
  });

  it('vendor-apis/testing: startMock for a client, then close; sendWebhook to a receiver (from the installed package)', async () => {
    const { descriptor } = await loadGeneratedClient(vendor);
    const first = listOperations(loadBundle(vendor.bundlePath)).find((op) => op.method === 'get' && !op.key.includes('{'))!;
    const event = listOperations(loadBundle(vendor.bundlePath), 'webhooks')[0]!.key;
    writeFileSync(
      path.join(project, 'helpers.mjs'),
      `import { startMock, sendWebhook } from 'vendor-apis/testing';
import { ${descriptor.factory} } from 'vendor-apis/${vendor.name}';
const t0 = performance.now();
const mock = await startMock(${JSON.stringify(vendor.name)});
const started = performance.now() - t0;
const client = ${descriptor.factory}({ ...${JSON.stringify(testCredentials(descriptor.auth))}, baseUrl: mock.url, throwOnError: true });
const { response } = await client.GET(${JSON.stringify(first.key)}, {});
await mock.close();
const delivery = await sendWebhook(${JSON.stringify(vendor.name)}, ${JSON.stringify(event)}, ${JSON.stringify(`${receiverUrl}/hooks/helper`)});
console.log(JSON.stringify({ status: response.status, webhook: delivery.status, started: Math.round(started) }));
`,
    );
    const result = await run('node', ['helpers.mjs'], { cwd: project });
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.output.trim().split('\n').at(-1)!)).toMatchObject({ status: 200, webhook: 200 });
  });
});

// The stateful mock as a user meets it: `vendor-apis mock <vendor> --stateful` from the installed
// bin, driven through the installed package's generated clients over every derived resource.
describe('the packed package\'s stateful mock', () => {
  const project = toolsProject;
  const bin = path.join(project, 'node_modules', '.bin', 'vendor-apis');
  // Each vendor's lifecycle is its share: it reads the package's code and that vendor's files.
  const stateful = vendorsToTest(import.meta.url)
    .map((vendor) => ({ vendor, model: modelOf(vendor.bundlePath) }))
    .filter((v) => v.model.resources.length > 0);
  const isReadable = (r: ReturnType<typeof modelOf>['resources'][number]) => !!(r.bindings.create?.view && r.bindings.read && !r.parent);
  const firstReadable = firstVendorWith((vendor) => {
    const model = modelOf(vendor.bundlePath);
    return model.resources.some(isReadable) && { vendor, model };
  })!;

  beforeAll(async () => {
    const install = await toolsInstall!;
    expect(install.code, install.output).toBe(0);
  });

  it.each(stateful.map((s) => [s.vendor.name, s] as const))('%s: the lifecycle of every derived resource', async (_name, { vendor, model }) => {
    const port = await freePort();
    const seed = lifecycleSeed(model);
    const seedFile = path.join(project, `seed-${vendor.name}.json`);
    writeFileSync(seedFile, JSON.stringify(seed));
    const args = ['mock', vendor.name, '--stateful', '--port', String(port), '--quiet', ...(Object.keys(seed).length ? ['--seed-data', seedFile] : [])];
    const mock = spawn(bin, args, { cwd: project, detached: true });
    let out = '';
    mock.stdout.on('data', (c: Buffer) => (out += c.toString()));
    mock.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 100 }).toContain('Ctrl-C');
      const installed = (await import(pathToFileURL(path.join(project, 'node_modules', 'vendor-apis', 'dist', 'generated', vendor.name, 'index.js')).href)) as Record<string, unknown>;
      const descriptor = installed[`${vendor.name}Api`] as { factory: string; auth: Parameters<typeof testCredentials>[0] };
      const factory = installed[descriptor.factory] as (options: object) => never;
      // Each vendor keeps its position after --port: read its URL from the table the mock prints.
      const baseUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(out)![0];
      const client = factory({ ...testCredentials(descriptor.auth), baseUrl, retry: false });
      const doc = loadBundle(vendor.bundlePath);
      for (const resource of model.resources) {
        const report = await runLifecycle(doc, model, client, resource);
        expect(report.problems, `${resource.name}\n${report.steps.join('\n')}`).toEqual([]);
      }
      expect(out).not.toMatch(/stateful mock bug/);
    } finally {
      process.kill(-mock.pid!, 'SIGTERM');
    }
  });

  if (toProve(import.meta.url, firstReadable.read)) it('vendor-apis/testing: startMock({ stateful: true }) remembers a create; reset() forgets it', async () => {
    const { vendor, model } = firstReadable.value;
    const resource = model.resources.find(isReadable)!;
    const doc = loadBundle(vendor.bundlePath);
    const { descriptor } = await loadGeneratedClient(vendor);
    const create = resource.bindings.create!;
    const readOp = resource.bindings.read!;
    const media = deref(doc, create.op.operation.requestBody)?.content?.['application/json'];
    const body = media?.examples ? deref(doc, Object.values(media.examples as Record<string, unknown>)[0]).value : {};
    writeFileSync(
      path.join(project, 'stateful.mjs'),
      `import { startMock } from 'vendor-apis/testing';
import { ${descriptor.factory} } from 'vendor-apis/${vendor.name}';
const mock = await startMock(${JSON.stringify(vendor.name)}, { stateful: true });
const client = ${descriptor.factory}({ ...${JSON.stringify(testCredentials(descriptor.auth))}, baseUrl: mock.url });
const made = await client.request(${JSON.stringify(create.op.method)}, ${JSON.stringify(create.op.key)}, { body: ${JSON.stringify(body)} });
const id = made.data[${JSON.stringify(resource.idField)}];
const read = () => client.request('get', ${JSON.stringify(readOp.op.key)}, { params: { path: { ${JSON.stringify(readOp.idParam!.name)}: id } } });
const before = (await read()).response.status;
mock.reset();
const after = (await read()).response.status;
await mock.close();
console.log(JSON.stringify({ created: made.response.status, before, after }));
`,
    );
    const result = await run('node', ['stateful.mjs'], { cwd: project });
    expect(result.code, result.output).toBe(0);
    expect(JSON.parse(result.output.trim().split('\n').at(-1)!)).toEqual({ created: create.status, before: readOp.status, after: readOp.notFound!.status });
  });
});

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
