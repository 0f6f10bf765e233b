// parse<Vendor>Webhook for every vendor whose spec has webhooks: every documented payload
// parses from an object, a string and a Buffer; a broken copy is rejected with JSON paths.
// And the README's receiver example, fed by `vendor-apis webhook send`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { WebhookValidationError } from '../../src/client/errors.js';
import { loadBundle } from '../../src/spec/openapi.js';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { toProve, vendorsToTest } from '../lib/shares.js';
import { run } from '../../scripts/lib/run.js';
import { buildCases } from '../lib/cases.js';
import { mutateToInvalid } from '../lib/mutate.js';

for (const vendor of vendorsToTest(import.meta.url)) {
  const doc = loadBundle(vendor.bundlePath);
  const { webhookExamples } = buildCases(doc);
  if (webhookExamples.length === 0) continue;

  describe(`${vendor.name} webhook parser`, () => {
    const load = async () => {
      const mod = (await import(pathToFileURL(path.join(vendor.generatedDir, 'index.ts')).href)) as Record<string, unknown>;
      const name = Object.keys(mod).find((key) => /^parse[A-Z]\w*Webhook$/.test(key));
      expect(name, `generated/${vendor.name}/index.ts exports a parse…Webhook function`).toBeDefined();
      return mod[name!] as (body: unknown) => unknown;
    };

    for (const c of webhookExamples) {
      it(`accepts ${c.name} as an object, a string and a Buffer`, async () => {
        const parse = await load();
        expect(parse(structuredClone(c.value))).toEqual(c.value);
        expect(parse(JSON.stringify(c.value))).toEqual(c.value);
        expect(parse(Buffer.from(JSON.stringify(c.value)))).toEqual(c.value);
      });

      it(`rejects a broken copy of ${c.name} with the JSON path of each violation`, async () => {
        const parse = await load();
        const broken = mutateToInvalid(doc, { $ref: `#${c.schemaPointer}` }, c.value);
        const error = (() => {
          try {
            parse(broken.value);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error, broken.change).toBeInstanceOf(WebhookValidationError);
        const violations = (error as WebhookValidationError).violations;
        expect(violations.length).toBeGreaterThan(0);
        for (const v of violations) expect(v.path).toMatch(/^\$/);
        const dropped = /removed required property "([^"]+)"/.exec(broken.change)?.[1];
        if (dropped) expect(violations.map((v) => v.path)).toContain(`$.${dropped}`);
      });
    }

    it('rejects a body that is not JSON', async () => {
      const parse = await load();
      expect(() => parse('{not json')).toThrow(WebhookValidationError);
      expect(() => parse('{not json')).toThrow(/\$: is not valid JSON/);
    });
  });
}

// The README's receiver (docs/examples/webhook-receiver.ts, written for Groupboss) against
// `vendor-apis webhook send`: a delivery to the secret path is accepted, any other is not.
// It reads that vendor's data alone.
if (toProve(import.meta.url, listVendors().filter((v) => v.name === 'groupboss'))) describe('the README webhook receiver with vendor-apis webhook send', () => {
  it('accepts the documented delivery on its secret path (exit 0) and answers 404 elsewhere (exit 1)', async () => {
    vi.stubEnv('GROUPBOSS_WEBHOOK_SECRET', 's3cr3t-path-0123456789'); // undone below: test files share a process
    const { receiver } = await import('../../docs/examples/webhook-receiver.js');
    const server = receiver(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const send = (url: string) => run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/tools/vendor-apis.ts', 'webhook', 'send', 'groupboss', 'Group.created', '--to', url], { cwd: repoRoot });
      const accepted = await send(`${base}/webhooks/groupboss/s3cr3t-path-0123456789`);
      expect(accepted.code, accepted.output).toBe(0);
      expect(accepted.output).toMatch(/→ 200/);
      const refused = await send(`${base}/webhooks/groupboss/guess`);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(/→ 404/);
      const huge = await fetch(`${base}/webhooks/groupboss/s3cr3t-path-0123456789`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) }).then((r) => r.status, (e: Error) => e.message);
      expect(huge).toBe(413);
    } finally {
      server.close();
      vi.unstubAllEnvs();
    }
  });

  it('refuses to start without a secret, or with a short one (no publicly known default path)', async () => {
    const { receiver } = await import('../../docs/examples/webhook-receiver.js');
    expect(() => receiver(0, undefined)).toThrow(/Set GROUPBOSS_WEBHOOK_SECRET/);
    expect(() => receiver(0, 'change-me')).toThrow(/16\+ characters/);
  });
});
