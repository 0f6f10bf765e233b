// npm run docs: docs/site/ as a static site that works offline.
//   docs/site/index.html              landing page: every vendor with its facts and links
//   docs/site/guide.html              docs/guide.md: using the clients and the mocks
//   docs/site/<vendor>/index.html     Redocly build-docs reference (no CDN), without its Redoc
//                                     bundle and shared styles, which it loads from:
//   docs/site/assets/redoc-<hash>.js  the Redoc bundle and the styles every reference shares,
//   docs/site/assets/redoc-<hash>.css once per site (named by content, cacheable; with .br
//                                     and .gz copies that npm start's server sends)
//   docs/site/<vendor>/errata.html    the vendor's ERRATA.md
//   docs/site/<vendor>/openapi.json   the bundled spec
// Every operation gets code samples (curl against the mock and the server, TypeScript with the
// generated client) in a copy of the bundle; the TypeScript samples are type-checked here.
// A reference whose input spec is byte-identical to the last build's is reused, not rebuilt.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import path from 'node:path';
import { addCodeSamples } from './lib/code-samples.js';
import { loadBundle } from '../src/spec/openapi.js';
import { mockPort } from '../src/tools/ports.js';
import { externalResourceUrls, makeOffline } from './lib/offline-html.js';
import { listVendors, projectRoot, repoRoot } from '../src/spec/project.js';
import { bin, main, runOrExit } from './lib/run.js';
import { cachedResult, inputsKey, storeResult } from './lib/step-cache.js';
import { shareAssets } from './lib/shared-assets.js';
import { renderErrataPage, renderGuidePage, renderLandingPage } from './lib/site-pages.js';
import { summarizeVendor } from '../src/spec/vendor-summary.js';

export const siteDir = path.join(projectRoot, 'docs', 'site');

/** Where the TypeScript samples are written to be type-checked (ignored by git). */
const samplesDir = path.join(projectRoot, '.tmp', 'code-samples');

main(async () => {
  const vendors = listVendors();
  const summaries = vendors.map(summarizeVendor);
  mkdirSync(samplesDir, { recursive: true });
  const sampleFiles = vendors.map((vendor) => path.join(samplesDir, `${vendor.name}.samples.ts`));
  const references = await Promise.all(
    vendors.map(async (vendor, i) => {
      const dir = path.join(siteDir, vendor.name);
      mkdirSync(dir, { recursive: true });
      const reference = path.join(dir, 'index.html');
      const sampled = addCodeSamples(vendor.name, loadBundle(vendor.bundlePath), mockPort(i));
      const docsSpec = path.join(samplesDir, `${vendor.name}.openapi.json`);
      writeFileSync(docsSpec, JSON.stringify(sampled.doc));
      writeFileSync(sampleFiles[i]!, sampled.typescript);
      const title = `${summaries[i]!.title} reference`;
      // The page depends only on the spec it is built from, its title, redocly.yaml, the tools and this script.
      const key = inputsKey([docsSpec, path.join(projectRoot, 'redocly.yaml'), ...['package-lock.json', 'scripts/docs.ts', 'scripts/lib/offline-html.ts'].map((f) => path.join(repoRoot, f))], [title]);
      const cached = cachedResult('docs', vendor.name, key);
      let html: string;
      if (cached) html = cached.toString('utf8');
      else {
        await runOrExit(`redocly build-docs ${vendor.name}`, bin('redocly'), ['build-docs', docsSpec, '-o', reference, '--inlineBundle', '--title', title]);
        html = makeOffline(readFileSync(reference, 'utf8'));
        const leftovers = externalResourceUrls(html);
        if (leftovers.length) throw new Error(`${reference} would still load from other hosts:\n  ${leftovers.join('\n  ')}`);
        storeResult('docs', vendor.name, key, html);
      }
      copyFileSync(vendor.bundlePath, path.join(dir, 'openapi.json'));
      const errata = path.join(vendor.specDir, 'ERRATA.md');
      writeFileSync(path.join(dir, 'errata.html'), renderErrataPage(summaries[i]!, readFileSync(errata, 'utf8')));
      console.log(`✔ ${vendor.name}: ${path.relative(projectRoot, reference)}${cached ? ' (unchanged spec: the page of the last build)' : ''}`);
      return { name: vendor.name, html, reference };
    }),
  );
  // The Redoc bundle and the styles every reference shares, once per site.
  const shared = await shareAssets(references, '../assets');
  references.forEach((r, i) => writeFileSync(r.reference, shared.pages[i]!));
  await writeAssets(path.join(siteDir, 'assets'), shared.assets);
  // A sample that no longer compiles against the generated types fails the build.
  const tsconfig = path.join(samplesDir, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), compilerOptions: { noEmit: true }, files: sampleFiles, include: [] }));
  await runOrExit('type-check of the TypeScript code samples', bin('tsc'), ['-p', tsconfig, '--incremental', '--tsBuildInfoFile', path.join(samplesDir, 'tsbuildinfo')]);
  writeFileSync(path.join(siteDir, 'index.html'), renderLandingPage(summaries));
  writeFileSync(path.join(siteDir, 'guide.html'), renderGuidePage(readFileSync(path.join(repoRoot, 'docs', 'guide.md'), 'utf8')));
  console.log(`✔ ${path.relative(projectRoot, path.join(siteDir, 'index.html'))}`);
});

/**
 * Writes the shared files with a brotli (quality 11) and a gzip copy each, for a server to
 * send as they are, and removes the files of earlier builds. A file's name is its content's
 * hash, so an existing copy is already right and is kept (brotli 11 of the bundle takes seconds).
 */
async function writeAssets(dir: string, assets: Map<string, string>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const keep = new Set([...assets.keys()].flatMap((name) => [name, `${name}.br`, `${name}.gz`]));
  for (const name of readdirSync(dir)) if (!keep.has(name)) rmSync(path.join(dir, name), { force: true });
  await Promise.all(
    [...assets].map(async ([name, content]) => {
      const file = path.join(dir, name);
      const body = Buffer.from(content);
      if (!existsSync(file) || !readFileSync(file).equals(body)) {
        rmSync(`${file}.br`, { force: true });
        rmSync(`${file}.gz`, { force: true });
        writeFileSync(file, body);
      }
      if (!existsSync(`${file}.br`)) {
        const params = { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT };
        writeFileSync(`${file}.br`, await promisify(brotliCompress)(body, { params }));
      }
      if (!existsSync(`${file}.gz`)) writeFileSync(`${file}.gz`, await promisify(gzip)(body, { level: 9 }));
    }),
  );
}
