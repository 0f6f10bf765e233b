// paginate()/pages() against the real Prism mocks, static and dynamic: every paginated
// operation of every vendor must end within maxPages (or by itself), yield only items valid
// under the spec's item schema, and send nothing anywhere but the mock. A static mock
// serves the documented page forever (its next link names the vendor's host), so this is
// where the host rule and the no-progress rule meet real data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaginationError } from '../../src/client/errors.js';
import type { PaginationSpec } from '../../src/client/pagination.js';
import { listOperations, mediaExamples, type Doc, type Operation } from '../../src/spec/openapi.js';
import type { MockServer } from '../../src/tools/mock/prism.js';
import { startMock } from '../../src/tools/mock/prism.js';
import { vendorsToTest } from '../lib/shares.js';
import { dynamicSeed } from '../lib/dynamic-seed.js';
import { sampleParams } from '../../src/spec/samples.js';
import { describeVendor, loadGeneratedClient, testCredentials, type GeneratedClientModule } from '../lib/vendor-under-test.js';

const MAX_PAGES = 4;
// Dynamic mode runs on a seed Prism's generator does not crash on (lib/dynamic-seed.ts).
const MODES = [
  { name: 'static', dynamic: false },
  { name: 'dynamic', dynamic: true },
] as const;

for (const vendor of vendorsToTest(import.meta.url)) {
  const { doc, validator } = describeVendor(vendor);
  const paginated = listOperations(doc).filter((op) => op.operation['x-pagination']);
  if (paginated.length === 0) continue;

  for (const mode of MODES) {
    describe(`${vendor.name} pagination against the ${mode.name} mock`, () => {
      let mock: MockServer;
      let generated: GeneratedClientModule;
      beforeAll(async () => {
        [mock, generated] = await Promise.all([
          startMock(vendor.bundlePath, mode.dynamic ? { dynamic: true, seed: await dynamicSeed(vendor) } : {}),
          loadGeneratedClient(vendor),
        ]);
      });
      afterAll(() => mock?.close());

      for (const op of paginated) {
        const spec = op.operation['x-pagination'] as PaginationSpec;
        it(`GET ${op.key} (${spec.style}) ends within ${MAX_PAGES} pages with schema-valid items`, async () => {
          const sent: string[] = [];
          const client = generated.create({
            ...testCredentials(generated.descriptor.auth),
            baseUrl: mock.url,
            retry: false,
            fetch: (request: Request) => {
              sent.push(request.url);
              return fetch(request);
            },
          });
          const itemPointer = itemSchemaPointer(doc, op, spec);
          const { path, query } = sampleParams(doc, op);
          let pages = 0;
          let ended: 'by itself' | 'refused link' = 'by itself';
          try {
            for await (const page of (client as any).pages(op.key, { params: { path, query } }, { maxPages: MAX_PAGES })) {
              pages++;
              for (const item of page.items) expect(validator.validate(itemPointer, item)).toEqual([]);
            }
          } catch (error) {
            // Dynamic data has random next links (another host, or a string read as another
            // path): refusing them is the client's job, not a failure.
            if (!(mode.dynamic && error instanceof PaginationError && error.problem !== 'no-items')) throw error;
            ended = 'refused link';
          }
          expect(pages).toBeGreaterThanOrEqual(1);
          expect(pages).toBeLessThanOrEqual(MAX_PAGES);
          expect(sent.length).toBe(pages);
          expect(sent.every((url) => url.startsWith(`${mock.url}/`)), sent.join(' ')).toBe(true);
          if (!mode.dynamic) expect(ended).toBe('by itself');
        });
      }

      it('a static page served forever ends the walk after the repeat, without maxPages', async () => {
        if (mode.dynamic) return;
        const client = generated.create({ ...testCredentials(generated.descriptor.auth), baseUrl: mock.url, retry: false });
        for (const op of paginated) {
          const { path, query } = sampleParams(doc, op);
          let pages = 0;
          for await (const _ of (client as any).pages(op.key, { params: { path, query } })) pages++;
          expect(pages, `GET ${op.key}`).toBeLessThanOrEqual(2);
        }
      });
    });
  }
}

/** JSON pointer of the item schema (`x-pagination.items` inside the 200 JSON schema), following $refs. */
function itemSchemaPointer(doc: Doc, op: Operation, spec: PaginationSpec): string {
  const media = mediaExamples(doc, op.operation.responses?.['200'], `${op.pointer}/responses/200`)[0];
  const schemaPointer = media?.examples[0]?.schemaPointer;
  if (!schemaPointer) throw new Error(`GET ${op.key}: no documented 200 JSON example`);
  let pointer = followRefs(doc, schemaPointer);
  if (spec.items !== '.') {
    for (const key of spec.items.split('.')) pointer = followRefs(doc, `${pointer}/properties/${key}`);
  }
  return followRefs(doc, `${pointer}/items`);
}

function followRefs(doc: Doc, pointer: string): string {
  let node = at(doc, pointer);
  while (node && typeof node.$ref === 'string') {
    pointer = node.$ref.slice(1);
    node = at(doc, pointer);
  }
  if (!node) throw new Error(`no schema at ${pointer}`);
  return pointer;
}

function at(doc: Doc, pointer: string): Doc | undefined {
  return pointer
    .split('/')
    .slice(1)
    .reduce<Doc | undefined>((node, raw) => node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

