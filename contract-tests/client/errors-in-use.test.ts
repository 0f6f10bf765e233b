// Errors users can act on, for every vendor: a body the mock rejects becomes an ApiError
// whose `violations` and message name the field; a closed port becomes a NetworkError naming
// the vendor, the operation and the URL without its query. No message carries a credential
// or a query string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../../src/client/errors.js';
import type { MockServer } from '../../src/tools/mock/prism.js';
import { vendorsToTest } from '../lib/shares.js';
import { callOperation } from '../lib/call.js';
import { closedPort } from '../lib/closed-port.js';
import { describeVendor, loadGeneratedClient, startVendorMock, testCredentials, type GeneratedClientModule } from '../lib/vendor-under-test.js';

const QUERY_SECRET = 'query-secret-value';

for (const vendor of vendorsToTest(import.meta.url)) {
  const { doc, cases } = describeVendor(vendor);
  describe(`${vendor.name} errors in use`, () => {
    let mock: MockServer;
    let generated: GeneratedClientModule;
    beforeAll(async () => {
      [mock, generated] = await Promise.all([startVendorMock(vendor), loadGeneratedClient(vendor)]);
    });
    afterAll(() => mock?.close());

    const rejected = cases.missingFields[0];
    it.runIf(rejected)(`${rejected?.name ?? ''}: ApiError.violations names the field`, async () => {
      const credentials = testCredentials(generated.descriptor.auth);
      const client = generated.create({ ...credentials, baseUrl: mock.url, throwOnError: true });
      const error = await callOperation(doc, client, rejected!.op, rejected!.request).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.status).toBeGreaterThanOrEqual(400);
      expect(apiError.violations.length).toBeGreaterThan(0);
      expect(apiError.violations.some((v) => v.message.includes(`'${rejected!.field}'`))).toBe(true);
      expect(apiError.violations[0]).toMatchObject({ location: expect.any(Array), message: expect.any(String), code: expect.any(String) });
      // The message names the first violation, not Prism's generic text.
      expect(apiError.message).toContain(apiError.violations[0]!.message);
      expect(apiError.message).not.toMatch(/Your request is not valid|please validate your request/i);
      for (const value of Object.values(credentials)) expect(apiError.message).not.toContain(value);
    });

    const get = cases.responses.find((c) => c.op.method === 'get') ?? cases.responses[0];
    it.runIf(get)('a closed port gives NetworkError with vendor, operation and URL, without query or credentials', async () => {
      const port = await closedPort();
      const credentials = testCredentials(generated.descriptor.auth);
      const client = generated.create({ ...credentials, baseUrl: `http://127.0.0.1:${port}/base`, retry: { retries: 1, minDelayMs: 1 } });
      const request = { ...get!.request, query: { ...get!.request.query, token: QUERY_SECRET } };
      const error = await callOperation(doc, client, get!.op, request).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NetworkError);
      const networkError = error as NetworkError;
      expect(networkError.vendor).toBe(vendor.name);
      expect(networkError.operation).toEqual({ method: get!.op.method.toUpperCase(), path: get!.op.key });
      expect(networkError.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/base/`));
      expect(networkError.url).not.toContain('?');
      expect(networkError.cause).toBeInstanceOf(TypeError);
      expect(networkError.message).toContain('ECONNREFUSED');
      expect(networkError.message).not.toContain(QUERY_SECRET);
      for (const value of Object.values(credentials)) expect(networkError.message).not.toContain(value);
    });
  });
}
