// The lifecycle of every derived resource of every vendor through its generated client against
// an in-process stateful mock (contract-tests/lib/lifecycle.ts); the package test runs the same
// lifecycle against `vendor-apis mock --stateful` from the packed package.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/spec/openapi.js';
import { listVendors } from '../../src/spec/project.js';
import { vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { startStatefulMock, type StatefulMockServer } from '../../src/tools/stateful/server.js';
import { modelOf } from '../../src/tools/stateful/server.js';
import { lifecycleSeed, runLifecycle } from '../lib/lifecycle.js';
import { startMock as startPrismMock } from '../../src/tools/mock/prism.js';
import { testCredentials } from '../lib/vendor-under-test.js';

for (const vendor of vendorsToTest(import.meta.url)) {
  const model = modelOf(vendor.bundlePath);
  describe.skipIf(model.resources.length === 0)(`${vendor.name} stateful lifecycle`, () => {
    let mock: StatefulMockServer;
    let client: Parameters<typeof runLifecycle>[2];
    const bugs: string[] = [];
    beforeAll(async () => {
      const seed = lifecycleSeed(model);
      const seedData = path.join(mkdtempSync(path.join(os.tmpdir(), 'stateful-seed-')), 'seed.json');
      writeFileSync(seedData, JSON.stringify(seed));
      mock = await startStatefulMock(vendor, { seedData, errorLog: { write: (line: string) => (bugs.push(line), true) } as never });
      const { create, descriptor } = await loadGeneratedClient(vendor);
      client = create({ ...testCredentials(descriptor.auth), baseUrl: mock.url, retry: false }) as never;
    });
    afterAll(() => mock?.close());
    for (const resource of model.resources) {
      it(`${resource.name}: ${Object.keys(resource.bindings).join(', ')}`, async () => {
        const report = await runLifecycle(loadBundle(vendor.bundlePath), model, client, resource);
        if (process.env.LIFECYCLE_STEPS) console.log(`${vendor.name} ${resource.name}\n  ${report.steps.join("\n  ")}`);
        expect(report.problems, report.steps.join("\n")).toEqual([]);
        expect(bugs).toEqual([]);
      });
    }
  });
}

// The lifecycle check can fail: a static mock (Prism serving the documented examples) forgets
// what was created, so the same driver reports problems for a resource with create and read.
describe('the lifecycle check', () => {
  const found = listVendors()
    .map((vendor) => ({ vendor, model: modelOf(vendor.bundlePath) }))
    .flatMap(({ vendor, model }) => model.resources.filter((r) => r.bindings.create?.view && r.bindings.read && r.bindings.delete && !r.parent).map((resource) => ({ vendor, model, resource })))[0]!;
  it(`fails against a static mock (${found.resource.name})`, async () => {
    const mock = await startPrismMock(found.vendor.bundlePath);
    try {
      const { create, descriptor } = await loadGeneratedClient(found.vendor);
      const client = create({ ...testCredentials(descriptor.auth), baseUrl: mock.url, retry: false }) as never;
      const report = await runLifecycle(loadBundle(found.vendor.bundlePath), found.model, client, found.resource);
      expect(report.problems.length).toBeGreaterThan(0);
      expect(report.problems.join('\n')).toMatch(/read|list|delete/);
    } finally {
      await mock.close();
    }
  });
});
