// The one Chromium of the browser tests: Debian's (never a downloaded browser), driven by
// playwright-core. Under CI=true it must be there; elsewhere its absence skips those tests.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { listOperations, type Doc, type Operation } from '../../src/spec/openapi.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium not found at ${CHROMIUM}: under CI=true the docs browser tests must run. Install it with: apt-get install -y chromium`);
}
if (!haveChromium) {
  console.warn(`docs browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs at most `n` of the given tasks at once: two Redoc pages keep both cores busy; more thrash. */
export function lanes(n: number) {
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

export interface Opened {
  page: Page;
  foreign: string[];
  errors: string[];
}

/** A page at `url`, recording every request to another origin than `base` and every uncaught error. */
export async function open(browser: Browser, base: string, url: string, waitUntil: 'load' | 'networkidle' = 'networkidle'): Promise<Opened> {
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

interface Wanted {
  tag: string;
  summary: string;
  method: string;
  path: string;
}

/**
 * Opens every operation of `doc` (or those `only` keeps) from the reference's sidebar and
 * returns what a reader would miss: one line per operation whose menu entry, summary, method
 * and path, responses or code sample is not visible. One round trip into the page for all of
 * them: each tag is expanded once, then each of its entries is clicked (a DOM click, the
 * handler a reader's click runs) and Redoc gets up to 15 s to show that operation, judged as
 * Playwright judges visibility (a box, not hidden).
 */
export async function unseenOperations(page: Page, doc: Doc, only: (op: Operation) => boolean = () => true): Promise<string[]> {
  const operations = listOperations(doc).filter(only);
  const tags = [...new Set(operations.map((op) => String(op.operation.tags?.[0])))];
  // Tag by tag, in the sidebar's order within each: Redoc renders a tag's operations as one list.
  const wanted: Wanted[] = tags.flatMap((tag) =>
    operations.filter((o) => String(o.operation.tags?.[0]) === tag).map((op) => ({ tag, summary: String(op.operation.summary), method: op.method.toUpperCase(), path: op.key })),
  );
  const missing = await page.evaluate(openAllAndLook, wanted);
  return wanted.flatMap((w, i) => (missing[i]!.length ? [`${w.method} ${w.path} "${w.summary}": ${missing[i]!.join(', ')}`] : []));
}

/** Runs in the page (self-contained: it is serialized): for each wanted operation, what is not visible. */
async function openAllAndLook(wanted: Wanted[]): Promise<string[][]> {
  const shown = (el: Element | null | undefined): boolean => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const menu = () => document.querySelector('[data-component-name="Menu/Menu"]');
  const label = (text: string) => Array.from(menu()?.querySelectorAll('span[data-text]') ?? []).filter((el) => el.getAttribute('data-text') === text);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const results: string[][] = [];
  let hydrationChecked = false;
  for (const tag of [...new Set(wanted.map((w) => w.tag))]) {
    const tagLabel = () => label(tag)[0] as HTMLElement | undefined; // queried afresh: hydration may replace nodes
    const ops = wanted.filter((w) => w.tag === tag);
    if (!tagLabel()) {
      for (const _ of ops) results.push([`tag "${tag}" is not in the sidebar`]);
      continue;
    }
    // Before React has hydrated the sidebar, a click would follow the entry's href as a plain link.
    if (!hydrationChecked) {
      const hydrated = () => Object.keys(tagLabel()?.closest('a') ?? {}).some((key) => key.startsWith('__react'));
      for (const until = performance.now() + 30_000; !hydrated() && performance.now() < until; ) await frame();
      hydrationChecked = true;
    }
    for (const { summary, method, path: opPath } of ops) {
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
      if (!entry) {
        results.push(['no entry in the sidebar']);
        continue;
      }
      const before = location.hash;
      entry.click();
      // Each frame re-checks (an event wait); the bound only ends a wait for what never shows, and is ample for a busy machine.
      const deadline = performance.now() + 60_000;
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
      results.push(missing.length ? [`not visible after opening it: ${missing.join(', ')}`] : []);
    }
  }
  return results;
}
