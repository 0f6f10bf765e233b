// The published package as a user gets it: `npm pack`, install the tarball into an empty
// project, then type-check and run a consumer of every vendor subpath there, under
// "moduleResolution": "node16" and "bundler".
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../scripts/lib/openapi.js';
import { listVendors, repoRoot } from '../scripts/lib/project.js';
import { loadGeneratedClient } from '../scripts/lib/generated-client.js';
import { run } from '../scripts/lib/run.js';
import { buildCases } from './lib/cases.js';
import { testCredentials } from './lib/vendor-under-test.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pkg-consumer-'));
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

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
  return `${lines.join('\n')}
const stub = async (_request: Request): Promise<Response> => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
${body.join('\n')}
console.log(ApiError.name);
`;
}

beforeAll(async () => {
  const pack = await run('npm', ['pack', '--pack-destination', tmp, '--silent'], { cwd: repoRoot });
  expect(pack.code, pack.output).toBe(0);
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = await run('npm', ['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline', '--silent'], { cwd: tmp });
  expect(install.code, install.output).toBe(0);
  writeFileSync(path.join(tmp, 'consumer.ts'), await consumerSource());
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed package', () => {
  it('installs only openapi-fetch and the compiled validators\' runtime (ajv, ajv-formats) as dependencies', async () => {
    const ls = await run('npm', ['ls', 'openapi-fetch', 'ajv', 'ajv-formats'], { cwd: tmp });
    expect(ls.code, ls.output).toBe(0);
    expect(ls.output).toContain('openapi-fetch@');
    const pkg = (await import(path.join(tmp, 'node_modules', 'vendor-apis', 'package.json'), { with: { type: 'json' } })).default;
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ajv', 'ajv-formats', 'openapi-fetch']);
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`type-checks a consumer of every subpath with "moduleResolution": "${resolution}"`, async () => {
      const config = path.join(tmp, `tsconfig.${resolution}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: resolution === 'node16' ? 'node16' : 'esnext',
            moduleResolution: resolution,
            lib: ['ES2022', 'DOM'],
            types: [],
            strict: true,
            outDir: `out-${resolution}`,
            skipLibCheck: false,
          },
          files: ['consumer.ts'],
        }),
      );
      const result = await run('node', [tsc, '-p', config], { cwd: tmp });
      expect(result.code, result.output).toBe(0);
    });
  }

  it('runs the compiled consumer with node', async () => {
    const result = await run('node', [path.join(tmp, 'out-node16', 'consumer.js')], { cwd: tmp });
    expect(result.code, result.output).toBe(0);
    for (const vendor of listVendors()) expect(result.output).toContain(`ok ${vendor.name}`);
  });
});
