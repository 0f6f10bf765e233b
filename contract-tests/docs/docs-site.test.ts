// The built docs site in a real browser (Debian's chromium through playwright-core; never a
// downloaded browser), testing what a reader sees, not the spec JSON the page embeds: on each
// vendor reference every operation is opened from the sidebar (its tag expanded, then the
// operation clicked) and its summary, method and path, responses and a code sample must be
// visible. No page loads anything from another host or throws. The check is shown to fail on
// a reference built from a copy of a small fixture spec with one operation removed (only that
// operation is reported). Page weight, from the bytes the browser sees transferred: opening every
// reference in one session over npm start's server stays within PAGE_WEIGHT_LIMITS, and each
// page's own bytes (all but the shared assets/) within its limit; the same check rejects a
// page built with Redoc inlined. The references' vendor-doc notices link to rows of the errata
// page (`[erratum N](errata.html#erratum-N)`): for each vendor, the first such link, resolved
// against its reference page as a reader's click would, opens the errata page on that very
// row, visible and the :target. Screenshots: .tmp/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readerStrings } from '../../scripts/lib/reader-text.js';
import { listOperations, loadBundle, type Doc } from '../../src/spec/openapi.js';
import { listVendors, projectRoot, repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.js';
import { measurePages, PAGE_WEIGHT_LIMITS, pageWeightProblems } from '../../scripts/lib/page-weight.js';
import { haveChromium, lanes, launchChromium, open, unseenOperations } from '../lib/browser.js';
import { toProve, vendorsToTest } from '../lib/shares.js';

const siteDir = path.join(projectRoot, 'docs', 'site');
const shotsDir = path.join(projectRoot, '.tmp', 'screenshots');
const lane = lanes(2);

describe.skipIf(!haveChromium)('docs site in Chromium', () => {
  let site: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(siteDir, 'index.html'))) throw new Error('docs/site/ is not built: run `npm run docs` first');
    mkdirSync(shotsDir, { recursive: true });
    site = await serveStatic(siteDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  // Two lanes share the pages; the reference with the most operations starts first, so it is
  // not the one still clicking after everything else has finished.
  const referencesLongestFirst = vendorsToTest(import.meta.url)
    .map((vendor) => ({ vendor, doc: loadBundle(vendor.bundlePath) }))
    .sort((x, y) => listOperations(y.doc).length - listOperations(x.doc).length);
  describe.concurrent('references', () => {
    for (const { vendor, doc } of referencesLongestFirst) {
      it(`/${vendor.name}/index.html: each of its ${listOperations(doc).length} operations opens from the sidebar and shows summary, method, path, responses and a code sample`, () => lane(async () => {
        const { page, foreign, errors } = await open(browser, site.url, `${site.url}/${vendor.name}/index.html`);
        const unseen = await unseenOperations(page, doc);
        await page.screenshot({ path: path.join(shotsDir, `${vendor.name}_reference.png`) });
        await page.close();
        expect(unseen).toEqual([]);
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
      }));
    }
  });

  it.concurrent(`opening all ${listVendors().length} references in one session transfers at most ${PAGE_WEIGHT_LIMITS.sessionTotal} bytes, each page at most ${PAGE_WEIGHT_LIMITS.ownPerPage} of its own; the shared files come compressed and cacheable`, () => lane(async () => {
    const weights = await measurePages(browser, site.url, listVendors().map((v) => `/${v.name}/index.html`));
    console.log(`page weight (bytes transferred, in order): ${weights.map((w) => `${w.path} ${w.transferred} (own ${w.own})`).join(', ')}; total ${weights.reduce((n, w) => n + w.transferred, 0)}`);
    expect(pageWeightProblems(weights)).toEqual([]);
    // The shared files were fetched once, by the first page, and compressed: later pages took them from the cache.
    const shared = weights.flatMap((w, i) => w.resources.filter((r) => new URL(r.url).pathname.startsWith('/assets/')).map((r) => ({ ...r, page: i })));
    expect(shared.filter((r) => r.page === 0 && r.transferred > 0).length).toBeGreaterThanOrEqual(1);
    expect(shared.filter((r) => r.page > 0 && r.transferred > 0)).toEqual([]);
    const bundle = shared.find((r) => r.url.endsWith('.js'))!;
    const head = await fetch(bundle.url, { method: 'HEAD', headers: { 'accept-encoding': 'br, gzip' } });
    expect(head.headers.get('content-encoding')).toBe('br');
    expect(head.headers.get('cache-control')).toContain('immutable');
  }));

  // The shared files are loaded by relative URLs, as classic scripts: opened from disk, a
  // reference renders as it does over HTTP (a module script would be refused on file://).
  // About the site, not a vendor: the smallest reference of all stands for every one.
  it.concurrent('a reference opened from file:// renders its operations, loads nothing from elsewhere and throws nothing', () => lane(async () => {
    const { vendor, doc } = listVendors()
      .map((v) => ({ vendor: v, doc: loadBundle(v.bundlePath) }))
      .sort((x, y) => listOperations(x.doc).length - listOperations(y.doc).length)[0]!;
    const base = `file://${siteDir}`;
    const { page, foreign, errors } = await open(browser, base, `${base}/${vendor.name}/index.html`, 'load');
    const unseen = await unseenOperations(page, doc);
    await page.close();
    expect(unseen).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }));

  // The landing page and the guide (this file's own inputs: they load nothing of a vendor's); an
  // errata page is its vendor's share.
  const provesOwn = toProve(import.meta.url, []);
  const plainPages = [...(provesOwn ? ['/index.html', '/guide.html'] : []), ...vendorsToTest(import.meta.url).map((v) => `/${v.name}/errata.html`)];
  describe.concurrent('pages', () => {
    for (const pagePath of plainPages) {
      it(`${pagePath} shows its text, loads nothing from another host and throws nothing`, () => lane(async () => {
        // Static HTML with inline CSS: everything it loads has loaded at 'load'.
        const { page, foreign, errors } = await open(browser, site.url, site.url + pagePath, 'load');
        const text = await page.evaluate(() => document.body.innerText);
        await page.screenshot({ path: path.join(shotsDir, `${pagePath.replace(/^\//, '').replace(/\W+/g, '_')}.png`) });
        await page.close();
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
        expect(text.length).toBeGreaterThan(200);
      }));
    }
  });

  // A reference that lacks an operation: a copy of a small fixture spec (no vendor's data) with
  // its middle operation removed, built as `npm run docs` builds a reference (build-docs,
  // Redoc inlined). Checked against the full fixture's operations, exactly the removed one is
  // reported; the page as build-docs writes it is too heavy for the page-weight check.
  if (provesOwn) it.concurrent('fails on a reference built from a spec copy with one operation removed, and reports only that one; the page-weight check rejects that page with Redoc inlined', async () => {
    const doc = YAML.parse(readFileSync(path.join(repoRoot, 'contract-tests', 'fixtures', 'docs', 'reference.yaml'), 'utf8')) as Doc;
    const operations = listOperations(doc);
    expect(operations.length).toBeGreaterThanOrEqual(3);
    const removed = operations[1]!;
    const copy = structuredClone(doc);
    delete copy.paths[removed.key][removed.method];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docs-missing-op-'));
    try {
      writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(copy));
      const built = await run(bin('redocly'), ['build-docs', path.join(dir, 'openapi.json'), '-o', path.join(dir, 'index.html'), '--inlineBundle']);
      expect(built.code, built.output).toBe(0);
      const fixture = await serveStatic(dir);
      try {
        const { unseen, weights } = await lane(async () => {
          const { page } = await open(browser, fixture.url, `${fixture.url}/index.html`);
          const lines = await unseenOperations(page, doc);
          await page.close();
          return { unseen: lines, weights: await measurePages(browser, fixture.url, ['/index.html']) };
        });
        expect(unseen).toEqual([`${removed.method.toUpperCase()} ${removed.key} "${String(removed.operation.summary)}": no entry in the sidebar`]);
        expect(pageWeightProblems(weights)).toEqual([expect.stringMatching(new RegExp(`^/index\\.html carries \\d+ bytes of its own, over ${PAGE_WEIGHT_LIMITS.ownPerPage}$`))]);
      } finally {
        await fixture.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Each vendor's first erratum link in its reference text, followed as a reader's click would.
  describe.concurrent('errata links from the references', () => {
    for (const vendor of vendorsToTest(import.meta.url)) {
      const link = readerStrings(loadBundle(vendor.bundlePath)).map((s) => /\]\((errata\.html#erratum-(\d+))\)/.exec(s.text)).find(Boolean);
      it.skipIf(!link)(`${vendor.name}: ${link?.[1]} opens its row on the errata page`, ({ expect }) => lane(async () => {
        const reference = `${site.url}/${vendor.name}/index.html`;
        const target = new URL(link![1]!, reference).href;
        const { page, foreign, errors } = await open(browser, site.url, target, 'load');
        try {
          const row = page.locator(`#erratum-${link![2]}`);
          await expect.poll(() => row.isVisible(), { timeout: 60_000 }).toBe(true);
          expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(`erratum-${link![2]}`);
          expect(await row.locator('td').first().innerText()).toBe(link![2]);
          expect(errors).toEqual([]); // includes a non-200 answer for the errata page
          expect(foreign).toEqual([]);
        } finally {
          await page.close();
        }
      }));
    }
  });
});
