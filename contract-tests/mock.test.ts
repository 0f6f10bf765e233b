// The mock servers as `npm run mock` runs them: readable logs that never carry a credential,
// and a clear error for an unknown vendor.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../scripts/lib/openapi.js';
import { startMock } from '../scripts/lib/prism.js';
import { listVendors, repoRoot } from '../scripts/lib/project.js';
import { run } from '../scripts/lib/run.js';
import { credentialHeader, loadGeneratedClient } from './lib/vendor-under-test.js';

const SECRET = 'c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3M'; // base64 of secret-user:secret-pass (a valid Basic token)

describe('mock servers', () => {
  for (const vendor of listVendors()) {
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
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        await mock.close();
      }
      expect(log).toMatch(new RegExp(`${vendor.name} → GET /definitely-not-a-path`));
      expect(log).toMatch(/←/);
      expect(log).not.toContain(SECRET);
    });
  }

  it('`npm run mock -- <unknown>` lists the valid vendors and exits non-zero', async () => {
    const result = await run('npx', ['tsx', 'scripts/mock.ts', 'no-such-vendor'], { cwd: repoRoot });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Unknown vendor "no-such-vendor"');
    for (const vendor of listVendors()) expect(result.output).toContain(vendor.name);
  });
});
