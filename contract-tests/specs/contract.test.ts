// Contract tests, data-driven from generated/<vendor>/openapi.json: every documented
// response example comes back through the generated client from Prism, byte-equal and
// valid under Ajv; documented request examples are accepted; missing credentials give 401;
// a missing required body field, or an unknown one, gives a 4xx naming it; each validator rejects a bad case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonMediaType } from '../../src/spec/openapi.js';
import { vendorsToTest } from '../lib/shares.js';
import type { MockServer } from '../../src/tools/mock/prism.js';
import { callOperation, type AnyClient } from '../lib/call.js';
import { mutateToInvalid } from '../lib/mutate.js';
import {
  credentialHeader,
  describeVendor,
  loadGeneratedClient,
  startVendorMock,
  testCredentials,
  type GeneratedClientModule,
} from '../lib/vendor-under-test.js';

for (const vendor of vendorsToTest(import.meta.url)) {
  const { doc, cases, validator } = describeVendor(vendor);

  describe(`${vendor.name} contract`, () => {
    let mock: MockServer;
    let generated: GeneratedClientModule;
    let client: AnyClient;

    beforeAll(async () => {
      [mock, generated] = await Promise.all([startVendorMock(vendor), loadGeneratedClient(vendor)]);
      client = generated.create({ ...testCredentials(generated.descriptor.auth), baseUrl: mock.url });
    });
    afterAll(async () => {
      await mock?.close();
    });

    it(`covers ${cases.operations.length} operations`, () => {
      expect(cases.operations.length).toBeGreaterThan(0);
    });

    for (const c of cases.responses) it(c.name, async () => {
      const { response, data, error } = await callOperation(doc, client, c.op, c.request, {
        Prefer: `code=${c.status}, example=${c.exampleName}`,
      }, c.mediaType);
      expect(response.status, response.headers.get('sl-violations') ?? '').toBe(c.status);
      expect(response.headers.get('content-type') ?? '').toContain(c.mediaType.split(';')[0]);
      const body = data ?? error;
      expect(body).toEqual(c.expected);
      if (isJsonMediaType(c.mediaType)) expect(validator.validate(c.schemaPointer, body)).toEqual([]);
    });

    for (const c of cases.emptyResponses) it(c.name, async () => {
      const { response } = await callOperation(doc, client, c.op, c.request, { Prefer: `code=${c.status}` });
      expect(response.status, response.headers.get('sl-violations') ?? '').toBe(c.status);
      expect(await response.text()).toBe('');
    });

    for (const c of cases.requestExamples) it(`${c.name} is accepted`, async () => {
      const { response } = await callOperation(doc, client, c.op, c.request);
      expect(c.successStatuses, response.headers.get('sl-violations') ?? '').toContain(response.status);
    });

    for (const op of cases.unauthorized) it(`${op.method.toUpperCase()} ${op.key} without credentials → 401`, async () => {
      const header = credentialHeader(generated.descriptor.auth);
      const anonymous = generated.create({
        ...testCredentials(generated.descriptor.auth),
        baseUrl: mock.url,
        fetch: (request: Request) => {
          const stripped = new Request(request);
          stripped.headers.delete(header);
          return fetch(stripped);
        },
      });
      const request = cases.responses.find((c) => c.op === op)?.request ?? {};
      const { response } = await callOperation(doc, anonymous, op, request);
      expect(response.status).toBe(401);
    });

    for (const c of cases.missingFields) it(`${c.name} → 4xx naming the field`, async () => {
      const { response, error } = await callOperation(doc, client, c.op, c.request);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const report = `${response.headers.get('sl-violations') ?? ''} ${JSON.stringify(error ?? '')}`;
      expect(report).toContain(`'${c.field}'`);
    });

    for (const c of cases.unknownProperties) it(`${c.name} → 4xx naming it`, async () => {
      const { response, error } = await callOperation(doc, client, c.op, c.request);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const report = `${response.headers.get('sl-violations') ?? ''} ${JSON.stringify(error ?? '')}`;
      expect(report).toContain(`'${c.property}'`);
    });

    for (const c of cases.webhookExamples) it(`${c.name} validates against the webhook schema`, () => {
      expect(validator.validate(c.schemaPointer, c.value)).toEqual([]);
    });

    // The checks above must be able to fail: feed the validator and the mock bad input.
    const validated = [
      ...cases.responses.filter((c) => isJsonMediaType(c.mediaType)).map((c) => ({ name: c.name, value: c.expected, schemaPointer: c.schemaPointer })),
      ...cases.webhookExamples,
    ];
    for (const c of validated) it(`Ajv rejects a broken copy of ${c.name}`, () => {
      const broken = mutateToInvalid(doc, { $ref: `#${c.schemaPointer}` }, c.value);
      expect(validator.validate(c.schemaPointer, broken.value), broken.change).not.toEqual([]);
    });
  });
}
