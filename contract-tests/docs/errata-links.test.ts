// The references' vendor-doc notices link to rows of the errata page
// (`[erratum N](errata.html#erratum-N)`). In a real browser, over the served site: for each
// vendor, the first such link, resolved against its reference page as a reader's click would,
// opens the errata page on that very row, which is visible and highlighted as the target.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerStrings } from '../../scripts/lib/reader-text.js';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.js';
import { loadBundle } from '../../src/spec/openapi.js';
import { listVendors, projectRoot } from '../../src/spec/project.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: under CI=true the browser tests must run.`);

describe.skipIf(!haveChromium)('errata links from the references', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(path.join(projectRoot, 'docs', 'site'), 0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const vendor of listVendors()) {
    const link = readerStrings(loadBundle(vendor.bundlePath)).map((s) => /\]\((errata\.html#erratum-(\d+))\)/.exec(s.text)).find(Boolean);
    it.skipIf(!link)(`${vendor.name}: ${link?.[1]} opens its row on the errata page`, async () => {
      const reference = `${server.url}/${vendor.name}/index.html`;
      const target = new URL(link![1]!, reference).href;
      const page = await browser.newPage();
      try {
        const response = await page.goto(target, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        const row = page.locator(`#erratum-${link![2]}`);
        await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
        expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(`erratum-${link![2]}`);
        expect(await row.locator('td').first().innerText()).toBe(link![2]);
      } finally {
        await page.close();
      }
    });
  }
});
