// The built docs site in a real browser (Debian's chromium through playwright-core; never a
// downloaded browser), testing what a reader sees, not the spec JSON the page embeds: on each
// vendor reference every operation is opened from the sidebar (its tag expanded, then the
// operation clicked) and its summary, method and path, responses and a code sample must be
// visible. No page loads anything from another host or throws. The check is shown to fail on
// a reference built from a spec copy with one operation removed (only that operation is
// reported). Page weight, from the bytes the browser sees transferred: opening every
// reference in one session over npm start's server stays within PAGE_WEIGHT_LIMITS, and each
// page's own bytes (all but the shared assets/) within its limit; the same check rejects a
// page built with Redoc inlined. Screenshots: .tmp/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCodeSamples } from '../../scripts/lib/code-samples.js';
import { listOperations, loadBundle, type Doc, type Operation } from '../../src/spec/openapi.js';
import { mockPort } from '../../src/tools/ports.js';
import { listVendors, projectRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.js';
import { measurePages, PAGE_WEIGHT_LIMITS, pageWeightProblems } from '../../scripts/lib/page-weight.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const siteDir = path.join(projectRoot, 'docs', 'site');
const shotsDir = path.join(projectRoot, '.tmp', 'screenshots');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium not found at ${CHROMIUM}: under CI=true the docs browser test must run. Install it with: apt-get install -y chromium`);
}
if (!haveChromium) {
  console.warn(`docs-site.test.ts skipped: no Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

interface Opened {
  page: Page;
  foreign: string[];
  errors: string[];
}

/** Runs at most `n` of the given tasks at once: two Redoc pages keep both cores busy; more thrash. */
function lanes(n: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
const lane = lanes(2);

async function open(browser: Browser, base: string, url: string, waitUntil: 'load' | 'networkidle' = 'networkidle'): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const u = request.url();
    // A blob: URL is the page's own memory (Redoc's search worker); from file:// its origin is "null".
    const own = u.startsWith(base) || u.startsWith(`blob:${base}`) || u.startsWith('data:') || (base.startsWith('file://') && u.startsWith('blob:null/'));
    if (!own) foreign.push(u);
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  const response = await page.goto(url, { waitUntil });
  if (!url.startsWith('file:') && response?.status() !== 200) errors.push(`HTTP ${response?.status()} for ${url}`);
  return { page, foreign, errors };
}

/**
 * Opens every operation of `doc` from the reference's sidebar and returns what a reader would
 * miss: one line per operation whose menu entry, summary, method and path, responses or code
 * sample is not visible. Each operation is one round trip into the page: it clicks the
 * sidebar entry (a DOM click, the handler a reader's click runs) and waits up to 15 s for Redoc
 * to render the operation, judging visibility as Playwright does (a box, not hidden).
 */
async function unseenOperations(page: Page, doc: Doc, only: (op: Operation) => boolean = () => true): Promise<string[]> {
  const problems: string[] = [];
  const operations = listOperations(doc).filter(only);
  const tags = [...new Set(operations.map((op) => String(op.operation.tags?.[0])))];
  for (const tag of tags) {
    for (const op of operations.filter((o) => o.operation.tags?.[0] === tag)) {
      const summary = String(op.operation.summary);
      const missing = await page.evaluate(openAndLook, { tag, summary, method: op.method.toUpperCase(), path: op.key });
      if (missing.length) problems.push(`${op.method.toUpperCase()} ${op.key} "${summary}": ${missing.join(', ')}`);
    }
  }
  return problems;
}

/** Runs in the page: expand the tag, click the operation, wait for what a reader should see. */
async function openAndLook({ tag, summary, method, path: opPath }: { tag: string; summary: string; method: string; path: string }): Promise<string[]> {
  const shown = (el: Element | null | undefined): boolean => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const menu = document.querySelector('[data-component-name="Menu/Menu"]');
  const label = (text: string) => Array.from(menu?.querySelectorAll('span[data-text]') ?? []).filter((el) => el.getAttribute('data-text') === text);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const tagLabel = () => label(tag)[0] as HTMLElement | undefined; // queried afresh: hydration may replace nodes
  if (!tagLabel()) return [`tag "${tag}" is not in the sidebar`];
  // Before React has hydrated the sidebar, a click would follow the entry's href as a plain link.
  const hydrated = () => Object.keys(tagLabel()?.closest('a') ?? {}).some((key) => key.startsWith('__react'));
  for (const until = performance.now() + 30_000; !hydrated() && performance.now() < until; ) await frame();
  // Expand the tag unless it is open (its item holds a nested menu). A click is repeated only
  // while the tag still shows closed, so a slow render under load is never toggled shut again.
  // An open tag renders all its entries at once, so one still absent 500 ms after the tag
  // showed open is not there.
  let entry: HTMLElement | undefined;
  let clickedAt = -Infinity;
  let openSince = Infinity;
  for (const until = performance.now() + 15_000; ; await frame()) {
    entry = label(summary).find(shown) as HTMLElement | undefined;
    if (entry || performance.now() > until || performance.now() - openSince > 500) break;
    const item = tagLabel()?.closest('[data-component-name="Menu/MenuItem"]');
    const open = !!item?.querySelector(':scope > div > ul');
    if (open) openSince = Math.min(openSince, performance.now());
    else if (performance.now() - clickedAt > 1_000) {
      tagLabel()?.click();
      clickedAt = performance.now();
    }
  }
  if (!entry) return ['no entry in the sidebar'];
  const before = location.hash;
  entry.click();
  const deadline = performance.now() + 15_000;
  let missing: string[] = [];
  for (;;) {
    const id = location.hash.replace(/^#\//, '');
    const section = location.hash !== before ? document.getElementById(id) : null;
    // Match the text first, then ask for layout: visibility of every span each frame costs seconds.
    const visible = (selector: string, matches: (el: Element) => boolean) => Array.from(section?.querySelectorAll(selector) ?? []).some((el) => matches(el) && shown(el));
    const leafText = (text: string) => (el: Element) => el.childElementCount === 0 && el.textContent?.trim() === text;
    const seen: Record<string, boolean> = {
      summary: visible('h1, h2', (h) => h.textContent?.trim() === summary),
      method: visible('span, div', leafText(method)),
      path: visible('span, div', leafText(opPath)),
      responses: shown(document.getElementById(`${id}/responses`)),
      'code sample': visible('[data-component-name="CodeBlock/CodeBlock"]', (el) => !!el.textContent?.includes('curl')),
    };
    missing = Object.keys(seen).filter((k) => !seen[k]);
    if (!missing.length || performance.now() > deadline) break;
    await frame();
  }
  return missing.length ? [`not visible after opening it: ${missing.join(', ')}`] : [];
}

describe.skipIf(!haveChromium)('docs site in Chromium', () => {
  let site: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(siteDir, 'index.html'))) throw new Error('docs/site/ is not built: run `npm run docs` first');
    mkdirSync(shotsDir, { recursive: true });
    site = await serveStatic(siteDir);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  // Two lanes share the pages; the reference with the most operations starts first, so it is
  // not the one still clicking after everything else has finished.
  const referencesLongestFirst = listVendors()
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
  it.concurrent('a reference opened from file:// renders its operations, loads nothing from elsewhere and throws nothing', () => lane(async () => {
    const { vendor, doc } = referencesLongestFirst.at(-1)!;
    const base = `file://${siteDir}`;
    const { page, foreign, errors } = await open(browser, base, `${base}/${vendor.name}/index.html`, 'load');
    const unseen = await unseenOperations(page, doc);
    await page.close();
    expect(unseen).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  }));

  const plainPages = ['/index.html', '/guide.html', ...listVendors().map((v) => `/${v.name}/errata.html`)];
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

  // The fixture is built as `npm run docs` builds a reference (code samples added to the bundle
  // copy), so the only thing wrong with it is the missing operation: exactly that one is reported.
  it.concurrent('fails on a reference built from a spec copy with one operation removed, and reports only that one; the page-weight check rejects that page with Redoc inlined', async () => {
    const index = listVendors().findIndex((v) => listOperations(loadBundle(v.bundlePath)).length >= 2);
    const vendor = listVendors()[index]!;
    const doc = loadBundle(vendor.bundlePath);
    const removed = listOperations(doc)[1]!;
    const copy = structuredClone(doc);
    delete copy.paths[removed.key][removed.method];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docs-missing-op-'));
    try {
      writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(addCodeSamples(vendor.name, copy, mockPort(index)).doc));
      const built = await run(bin('redocly'), ['build-docs', path.join(dir, 'openapi.json'), '-o', path.join(dir, 'index.html'), '--inlineBundle']);
      expect(built.code, built.output).toBe(0);
      const fixture = await serveStatic(dir);
      try {
        const { unseen, weights } = await lane(async () => {
          const { page } = await open(browser, fixture.url, `${fixture.url}/index.html`);
          const lines = await unseenOperations(page, doc, (op) => op.operation.tags?.[0] === removed.operation.tags?.[0]);
          await page.close();
          return { unseen: lines, weights: await measurePages(browser, fixture.url, ['/index.html']) };
        });
        expect(unseen).toEqual([`${removed.method.toUpperCase()} ${removed.key} "${String(removed.operation.summary)}": no entry in the sidebar`]);
        // The same page, as build-docs writes it (Redoc inlined, served compressed), is too heavy for the page-weight check.
        expect(pageWeightProblems(weights)).toEqual([expect.stringMatching(new RegExp(`^/index\\.html carries \\d+ bytes of its own, over ${PAGE_WEIGHT_LIMITS.ownPerPage}$`))]);
      } finally {
        await fixture.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
