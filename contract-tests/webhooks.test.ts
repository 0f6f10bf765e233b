// parse<Vendor>Webhook for every vendor whose spec has webhooks: every documented payload
// parses from an object, a string and a Buffer; a broken copy is rejected with JSON paths.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebhookValidationError } from '../src/errors.js';
import { loadBundle } from '../scripts/lib/openapi.js';
import { listVendors } from '../scripts/lib/project.js';
import { buildCases } from './lib/cases.js';
import { mutateToInvalid } from './lib/mutate.js';

for (const vendor of listVendors()) {
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
