// The reference reads as API documentation: at most 3 % of each bundle's summaries and
// descriptions talk about the vendor doc or the transcription, none names ERRATA.md, and
// every errata link points at a row that exists. Provenance lives in `x-source` instead, and
// every `x-source` names a real section and line range of the vendor's doc.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseErrata } from '../../scripts/lib/errata.js';
import { readerStrings, talksAboutTranscription } from '../../scripts/lib/reader-text.js';
import { sourceProblems } from '../../scripts/lib/x-source.js';
import { loadBundle } from '../../src/spec/openapi.js';
import { listVendors, repoRoot } from '../../src/spec/project.js';
import { vendorsToTest } from '../lib/shares.js';

/** The vendors' docs sit beside the repository (../shared/vendor-docs), as on every machine of this project. */
const docsDir = process.env.VENDOR_DOCS_DIR ?? path.join(repoRoot, '..', 'shared', 'vendor-docs');
const haveDocs = existsSync(docsDir);
if (!haveDocs && process.env.CI) throw new Error(`The vendor docs are missing at ${docsDir} (set VENDOR_DOCS_DIR): CI must check x-source.`);

describe('reader text', () => {
  it('the check flags transcription talk and passes API text (it can fail)', () => {
    for (const bad of ['From "Manage", the curl example. Transcribed unchanged.', 'The doc marks `limit` as a path parameter (see ERRATA.md).', 'The page\'s own URL is not in the saved copy.', 'Type inferred from the\nexample.']) {
      expect(talksAboutTranscription(bad), bad).toBe(true);
    }
    for (const good of ['Falkor publishes no host: pass your account\'s API base URL as `baseUrl`.', '`limit` is a query parameter ([erratum 4](errata.html#erratum-4)).', 'The first group of the page of results.']) {
      expect(talksAboutTranscription(good), good).toBe(false);
    }
  });

  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: at most 3 % of reader strings talk about the transcription, none names ERRATA.md, every errata link has its row`, () => {
      const doc = loadBundle(vendor.bundlePath);
      const strings = readerStrings(doc);
      const flagged = strings.filter((s) => talksAboutTranscription(s.text));
      expect(flagged.length / strings.length, flagged.map((s) => `${s.pointer}: ${s.text.slice(0, 120)}`).join('\n')).toBeLessThanOrEqual(0.03);
      expect(strings.filter((s) => /ERRATA\.md/i.test(s.text)).map((s) => s.pointer)).toEqual([]);
      const rows = new Set(parseErrata(path.join(vendor.specDir, 'ERRATA.md')).map((r) => r.id));
      const links = strings.flatMap((s) => [...s.text.matchAll(/errata\.html#erratum-(\d+)/g)].map((m) => ({ pointer: s.pointer, row: m[1]! })));
      expect(links.filter((l) => !rows.has(l.row))).toEqual([]);
    });
  }
});

describe.skipIf(!haveDocs)('x-source names real places in the vendor doc', () => {
  it('a section that is not in the doc, and lines outside it, are reported (the check can fail)', () => {
    const vendor = listVendors()[0]!;
    const doc = loadBundle(vendor.bundlePath);
    const [name] = Object.keys(doc.components.examples);
    doc.components.examples[name!]['x-source'] = { section: 'No Such Section Anywhere 42', lines: [0, 99_999_999] };
    const problems = sourceProblems(doc, docsDir);
    expect(problems.join('\n')).toMatch(/part "No Such Section Anywhere 42" does not occur/);
    expect(problems.join('\n')).toMatch(/x-source\.lines \[0,99999999\] is not a range/);
  });

  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: every operation, webhook and example has an x-source that resolves in its doc`, () => {
      expect(sourceProblems(loadBundle(vendor.bundlePath), docsDir)).toEqual([]);
    });
  }
});

// The docs site's errata pages give each row the anchor the notices link to.
describe('errata anchors', () => {
  it('each errata row of the built site has id="erratum-<N>"', async () => {
    const { anchorRows } = await import('../../scripts/lib/site-pages.js');
    expect(anchorRows('<tr>\n<td>7</td><td>x</td></tr>')).toBe('<tr id="erratum-7">\n<td><a href="#erratum-7">7</a></td><td>x</td></tr>');
    for (const vendor of listVendors()) {
      const page = path.join(repoRoot, 'docs', 'site', vendor.name, 'errata.html');
      expect(existsSync(page), `${page}: run npm run docs (npm test builds the site before the suites)`).toBe(true);
      const html = readFileSync(page, 'utf8');
      for (const row of parseErrata(path.join(vendor.specDir, 'ERRATA.md'))) expect(html, `${vendor.name} row ${row.id}`).toContain(`id="erratum-${row.id}"`);
    }
  });
});
