// What a browser transfers to show the reference pages: the docs browser test checks the
// goals with it, `npm run bench` (pages) reports it. Every page is opened in one browser
// context, one after another, as a reader going through the references in one session: a
// shared file cached by the first page costs the next ones nothing. The bytes are the
// browser's own count (Resource Timing `transferSize`: headers plus the body as sent,
// compressed or not; 0 for a file taken from the cache).
import type { Browser } from 'playwright-core';

/** The goals of the light pages: all references in one session, and each page's own bytes. */
export const PAGE_WEIGHT_LIMITS = { sessionTotal: 1_200_000, ownPerPage: 150_000 };

export interface PageWeight {
  path: string;
  /** Bytes transferred to open this page after the pages before it. */
  transferred: number;
  /** The part that is the page's own: everything but the shared files (`isShared`). */
  own: number;
  resources: Array<{ url: string; transferred: number }>;
}

export const isSharedAsset = (url: string): boolean => new URL(url).pathname.startsWith('/assets/');

export async function measurePages(browser: Browser, baseUrl: string, paths: string[], isShared: (url: string) => boolean = isSharedAsset): Promise<PageWeight[]> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
  try {
    const weights: PageWeight[] = [];
    for (const pagePath of paths) {
      const page = await context.newPage();
      // 'networkidle': nothing more is on its way, so every transfer is in the timeline.
      const response = await page.goto(baseUrl + pagePath, { waitUntil: 'networkidle' });
      if (response?.status() !== 200) throw new Error(`HTTP ${response?.status()} for ${pagePath}`);
      const resources = await page.evaluate(() =>
        [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
          url: e.name,
          transferred: (e as PerformanceResourceTiming).transferSize,
        })),
      );
      await page.close();
      const sum = (list: typeof resources) => list.reduce((n, r) => n + r.transferred, 0);
      weights.push({ path: pagePath, transferred: sum(resources), own: sum(resources.filter((r) => !r.url.startsWith('http') || !isShared(r.url))), resources });
    }
    return weights;
  } finally {
    await context.close();
  }
}

/** One line per goal the pages miss; none when they meet them. */
export function pageWeightProblems(weights: PageWeight[], limits = PAGE_WEIGHT_LIMITS): string[] {
  const problems: string[] = [];
  const total = weights.reduce((n, w) => n + w.transferred, 0);
  if (weights.length > 1 && total > limits.sessionTotal) problems.push(`opening ${weights.map((w) => w.path).join(', ')} transferred ${total} bytes, over ${limits.sessionTotal}`);
  for (const w of weights) if (w.own > limits.ownPerPage) problems.push(`${w.path} carries ${w.own} bytes of its own, over ${limits.ownPerPage}`);
  return problems;
}
