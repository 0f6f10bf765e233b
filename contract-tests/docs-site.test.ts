// The built docs site in a real browser (Debian's chromium through playwright-core; never a
// downloaded browser): every page loads nothing from another host, throws no error, and each
// vendor reference shows every operation summary of its spec. Screenshots go to .tmp/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../scripts/lib/openapi.js';
import { listVendors, projectRoot } from '../scripts/lib/project.js';
import { serveStatic, type StaticServer } from '../scripts/lib/static-server.js';

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

const pages = [
  { path: '/index.html', summaries: [] as string[] },
  { path: '/guide.html', summaries: [] as string[] },
  ...listVendors().flatMap((vendor) => [
    { path: `/${vendor.name}/index.html`, summaries: listOperations(loadBundle(vendor.bundlePath)).map((op) => String(op.operation.summary)) },
    { path: `/${vendor.name}/errata.html`, summaries: [] },
  ]),
];

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

  for (const page of pages) {
    it(`${page.path} loads nothing from another host, throws nothing${page.summaries.length ? ` and shows all ${page.summaries.length} operations` : ''}`, async () => {
      const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const foreign: string[] = [];
      const errors: string[] = [];
      tab.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(site.url) && !url.startsWith(`blob:${site.url}`) && !url.startsWith('data:')) foreign.push(url);
      });
      tab.on('pageerror', (error) => errors.push(String(error)));
      const response = await tab.goto(site.url + page.path, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      const text = await tab.evaluate(() => document.body.textContent ?? '');
      await tab.screenshot({ path: path.join(shotsDir, `${page.path.replace(/^\//, '').replace(/\W+/g, '_')}.png`) });
      await tab.close();
      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      expect(page.summaries.filter((s) => !text.includes(s))).toEqual([]);
      expect(text.length).toBeGreaterThan(200);
    });
  }
});
