// An integration engineer's day, for every vendor, through the BUILT package (dist/, what
// `import … from 'vendor-apis/<vendor>'` loads) against the Prism mocks: list, then get one
// by an id the list returned (dynamic mock, following the spec's OpenAPI links), send a
// documented body, walk a paginated list, get a body rejected with ApiError.violations, and
// hit a closed port for a NetworkError. Steps a vendor's spec has nothing for are named as such.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGeneratedClient, type GeneratedClientModule } from '../../src/spec/generated-client.js';
import { linkParameters, listLinks } from '../../src/spec/links.js';
import { mediaExamples } from '../../src/spec/openapi.js';
import { startMock, type MockServer } from '../../src/tools/mock/prism.js';
import { repoRoot } from '../../src/spec/project.js';
import { vendorsToTest } from '../lib/shares.js';
import { callOperation } from '../lib/call.js';
import { closedPort } from '../lib/closed-port.js';
import { dynamicSeed } from '../lib/dynamic-seed.js';
import { sampleParams } from '../../src/spec/samples.js';
import { describeVendor, testCredentials } from '../lib/vendor-under-test.js';

const runtimeFile = path.join(repoRoot, 'dist', 'src', 'client', 'index.js');
if (!existsSync(runtimeFile)) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
const runtime = (await import(pathToFileURL(runtimeFile).href)) as typeof import('../../src/client/index.js');

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

for (const vendor of vendorsToTest(import.meta.url)) {
  const { doc, cases, validator } = describeVendor(vendor);
  // List → get candidates: links from a GET without path parameters to another GET.
  const listToGets = listLinks(doc).filter(
    (l) => l.source.method === 'get' && l.target.method === 'get' && l.status.startsWith('2') && !l.source.parameters.some((p) => p.in === 'path'),
  );
  const withBody = cases.requestExamples[0];
  const paginated = cases.operations.find((op) => op.operation['x-pagination']);
  const rejected = cases.missingFields[0];
  const anyGet = cases.operations.find((op) => op.method === 'get') ?? cases.operations[0]!;

  describe(`${vendor.name}: a day against the mocks, through the built package`, () => {
    let staticMock: MockServer;
    let dynamicMock: MockServer;
    let built: GeneratedClientModule;
    let credentials: Record<string, string>;
    beforeAll(async () => {
      [staticMock, dynamicMock, built] = await Promise.all([
        startMock(vendor.bundlePath),
        startMock(vendor.bundlePath, { dynamic: true, seed: await dynamicSeed(vendor) }),
        loadGeneratedClient(vendor, { built: true }),
      ]);
      credentials = testCredentials(built.descriptor.auth);
    });
    afterAll(async () => {
      await Promise.all([staticMock?.close(), dynamicMock?.close()]);
    });

    it(listToGets.length ? `list, then get one by an id the list returned (${listToGets.length} linked pairs), dynamic data` : 'list → get: the spec links no list to a get', async () => {
      if (!listToGets.length) return void expect(listLinks(doc).filter((l) => l.source.method === 'get' && l.target.method === 'get')).toEqual([]);
      const client = built.create({ ...credentials, baseUrl: dynamicMock.url, throwOnError: true });
      // The first pair whose linked value fits the target's parameter schema: a response id the
      // spec leaves untyped (the doc shows only placeholders) cannot feed a uuid path parameter.
      const unfit: string[] = [];
      for (const link of listToGets) {
        const request = sampleParams(doc, link.source);
        const list = await callOperation(doc, client, link.source, request);
        expect(list.response.status).toBe(Number(link.status));
        const { path: targetPath, query, missing } = linkParameters(link, { requestPath: request.path, requestQuery: request.query, responseBody: list.data });
        const misfits = Object.entries(targetPath).filter(([name, value]) => validator.validateValue(link.target.parameters.find((p) => p.name === name)?.schema ?? {}, value).length);
        if (missing.length || misfits.length) {
          unfit.push(`${link.source.operationId} → ${link.target.operationId}: ${[...missing, ...misfits.map(([n, v]) => `${n}=${JSON.stringify(v)}`)].join(', ')}`);
          continue;
        }
        const one = await callOperation(doc, client, link.target, { path: targetPath, query: { ...sampleParams(doc, link.target).query, ...query } });
        expect(one.response.ok).toBe(true);
        const media = mediaExamples(doc, link.target.operation.responses?.[String(one.response.status)], `${link.target.pointer}/responses/${one.response.status}`)[0];
        if (media?.examples[0]) expect(validator.validate(media.examples[0].schemaPointer, one.data)).toEqual([]);
        return;
      }
      // No pair can be chained: say which and why (each linked value broke its target's schema).
      expect(unfit).toHaveLength(listToGets.length);
      console.log(`${vendor.name}: no list → get pair can be chained on dynamic data:\n  ${unfit.join('\n  ')}`);
    });

    it(withBody ? `send a documented body: ${withBody.name}` : 'send a body: the spec documents no request example', async () => {
      if (!withBody) return void expect(cases.requestExamples).toEqual([]);
      const client = built.create({ ...credentials, baseUrl: staticMock.url, throwOnError: true });
      const { response } = await callOperation(doc, client, withBody.op, withBody.request);
      expect(withBody.successStatuses).toContain(response.status);
    });

    it(paginated ? `walk GET ${paginated.key} page by page` : 'walk a list: no operation is paginated', async () => {
      if (!paginated) return void expect(cases.operations.filter((op) => op.operation['x-pagination'])).toEqual([]);
      const client = built.create({ ...credentials, baseUrl: staticMock.url }) as unknown as { pages: (...args: unknown[]) => AsyncIterable<{ items: unknown[] }> };
      const { path: pathParams, query } = sampleParams(doc, paginated);
      let pages = 0;
      let items = 0;
      for await (const page of client.pages(paginated.key, { params: { path: pathParams, query } }, { maxPages: 3 })) {
        pages++;
        items += page.items.length;
      }
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(3);
      expect(items).toBeGreaterThan(0);
    });

    it(rejected ? `a rejected body: ${rejected.name} → ApiError.violations` : 'a rejected body: no operation requires a body field', async () => {
      if (!rejected) return void expect(cases.missingFields).toEqual([]);
      const client = built.create({ ...credentials, baseUrl: staticMock.url, throwOnError: true });
      const error = await rejection(callOperation(doc, client, rejected.op, rejected.request));
      expect(error).toBeInstanceOf(runtime.ApiError);
      expect((error as InstanceType<typeof runtime.ApiError>).violations.map((v) => v.message).join(' ')).toContain(`'${rejected.field}'`);
    });

    it(`a closed port: ${anyGet.method.toUpperCase()} ${anyGet.key} → NetworkError`, async () => {
      const client = built.create({ ...credentials, baseUrl: `http://127.0.0.1:${await closedPort()}`, retry: false });
      const error = await rejection(callOperation(doc, client, anyGet, sampleParams(doc, anyGet)));
      expect(error).toBeInstanceOf(runtime.NetworkError);
      expect((error as InstanceType<typeof runtime.NetworkError>).operation).toEqual({ method: anyGet.method.toUpperCase(), path: anyGet.key });
    });
  });
}
