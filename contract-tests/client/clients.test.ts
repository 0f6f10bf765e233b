// The generated client factories, driven by their descriptors (no vendor named here):
// credentials are required, sent the way the spec's security scheme says, never echoed in
// errors; baseUrl defaults to the spec's first server.
import { describe, expect, it } from 'vitest';
import { defaultServerUrl, loadBundle } from '../../src/spec/openapi.js';
import { vendorsToTest } from '../lib/shares.js';
import { loadGeneratedClient, testCredentials } from '../lib/vendor-under-test.js';

const SECRET = 'sEcReT-do-not-leak-123';

function capture() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetch };
}

for (const vendor of vendorsToTest(import.meta.url)) {
  describe(`${vendor.name} client factory`, () => {
    const doc = loadBundle(vendor.bundlePath);
    const defaultBaseUrl = defaultServerUrl(doc);

    it(defaultBaseUrl ? `defaults baseUrl to ${defaultBaseUrl}` : 'requires baseUrl (the spec has no usable default server)', async () => {
      const { descriptor, create } = await loadGeneratedClient(vendor);
      const credentials = Object.fromEntries(descriptor.auth.options.map((name) => [name, `${name}-${SECRET}`]));
      if (!defaultBaseUrl) {
        // A doc that names no host (x-required server variable): no credential goes to a placeholder.
        expect(() => create({ ...credentials })).toThrow(
          new TypeError(`${descriptor.factory}: option "baseUrl" is required: the ${vendor.name} doc names no real host, so pass your server's URL (including any version prefix).`),
        );
        return;
      }
      const { requests, fetch } = capture();
      const client = create({ ...credentials, fetch });
      const [firstPath] = Object.keys(doc.paths);
      const method = Object.keys(doc.paths[firstPath!]).find((m) => m !== 'parameters')!;
      await client.request(method as 'get', firstPath!, { params: { path: new Proxy({}, { get: () => 'x' }) } } as never);
      expect(requests[0]!.url.startsWith(defaultBaseUrl)).toBe(true);
    });

    it('sends the credential as the spec\'s security scheme says', async () => {
      const { descriptor, create } = await loadGeneratedClient(vendor);
      const { requests, fetch } = capture();
      const credentials = Object.fromEntries(descriptor.auth.options.map((name) => [name, `${name}-${SECRET}`]));
      const client = create({ ...credentials, baseUrl: 'https://api.test', fetch });
      const [firstPath] = Object.keys(doc.paths);
      const method = Object.keys(doc.paths[firstPath!]).find((m) => m !== 'parameters')!;
      await client.request(method as 'get', firstPath!, { params: { path: new Proxy({}, { get: () => 'x' }) } } as never);
      const request = requests[0]!;
      const auth = descriptor.auth;
      const values = auth.options.map((name) => credentials[name]!);
      const expected = {
        apiKey: values[0],
        bearer: `Bearer ${values[0]}`,
        basicToken: `Basic ${values[0]}`,
        basic: `Basic ${btoa(`${values[0]}:${values[1]}`)}`,
      }[auth.type];
      expect(request.headers.get(auth.type === 'apiKey' ? auth.header : 'Authorization')).toBe(expected);
    });

    it('uses a given baseUrl without its trailing slash', async () => {
      const { descriptor, create } = await loadGeneratedClient(vendor);
      const { requests, fetch } = capture();
      const client = create({ ...testCredentials(descriptor.auth), baseUrl: 'http://127.0.0.1:9/prefix/', fetch });
      const [firstPath] = Object.keys(doc.paths);
      const method = Object.keys(doc.paths[firstPath!]).find((m) => m !== 'parameters')!;
      await client.request(method as 'get', firstPath!, { params: { path: new Proxy({}, { get: () => '1' }) } } as never);
      expect(requests[0]!.url.startsWith('http://127.0.0.1:9/prefix/')).toBe(true);
      expect(requests[0]!.url).not.toContain('prefix//');
    });

    it('throws a TypeError naming each missing or empty credential option', async () => {
      const { descriptor, create } = await loadGeneratedClient(vendor);
      for (const option of descriptor.auth.options) {
        const others = Object.fromEntries(descriptor.auth.options.filter((o) => o !== option).map((o) => [o, SECRET]));
        for (const bad of [undefined, '', '   ', 42]) {
          let error: unknown;
          try {
            create({ ...others, [option]: bad, baseUrl: 'https://api.test' });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toContain(`"${option}"`);
          expect((error as Error).message).toContain(descriptor.factory);
          expect((error as Error).message).not.toContain(SECRET);
        }
      }
    });

    it('rejects a baseUrl that is not an absolute http(s) URL, without echoing credentials', async () => {
      const { descriptor, create } = await loadGeneratedClient(vendor);
      const credentials = Object.fromEntries(descriptor.auth.options.map((o) => [o, SECRET]));
      for (const baseUrl of ['api.example.com/v1', 'ftp://example.com', '']) {
        expect(() => create({ ...credentials, baseUrl })).toThrow(/option "baseUrl" must be an absolute http\(s\) URL/);
        try {
          create({ ...credentials, baseUrl });
        } catch (e) {
          expect(String(e)).not.toContain(SECRET);
        }
      }
    });
  });
}
