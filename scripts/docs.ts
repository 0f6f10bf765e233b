// npm run docs: docs/site/ as a static site that works offline.
//   docs/site/index.html              landing page: every vendor with its facts and links
//   docs/site/guide.html              docs/guide.md: using the clients and the mocks
//   docs/site/<vendor>/index.html     Redocly build-docs reference (Redoc inlined, no CDN)
//   docs/site/<vendor>/errata.html    the vendor's ERRATA.md
//   docs/site/<vendor>/openapi.json   the bundled spec
// Every operation gets code samples (curl against the mock and the server, TypeScript with the
// generated client) in a copy of the bundle; the TypeScript samples are type-checked here.
// A reference whose input spec is byte-identical to the last build's is reused, not rebuilt.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addCodeSamples } from './lib/code-samples.js';
import { loadBundle } from '../src/spec/openapi.js';
import { mockPort } from '../src/tools/ports.js';
import { externalResourceUrls, makeOffline } from './lib/offline-html.js';
import { listVendors, projectRoot, repoRoot } from '../src/spec/project.js';
import { bin, main, runOrExit } from './lib/run.js';
import { cachedResult, inputsKey, storeResult } from './lib/step-cache.js';
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
  await Promise.all(
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
      if (cached) writeFileSync(reference, cached);
      else {
        await runOrExit(`redocly build-docs ${vendor.name}`, bin('redocly'), ['build-docs', docsSpec, '-o', reference, '--inlineBundle', '--title', title]);
        const html = makeOffline(readFileSync(reference, 'utf8'));
        const leftovers = externalResourceUrls(html);
        if (leftovers.length) throw new Error(`${reference} would still load from other hosts:\n  ${leftovers.join('\n  ')}`);
        writeFileSync(reference, html);
        storeResult('docs', vendor.name, key, html);
      }
      copyFileSync(vendor.bundlePath, path.join(dir, 'openapi.json'));
      const errata = path.join(vendor.specDir, 'ERRATA.md');
      writeFileSync(path.join(dir, 'errata.html'), renderErrataPage(summaries[i]!, readFileSync(errata, 'utf8')));
      console.log(`✔ ${vendor.name}: ${path.relative(projectRoot, reference)}${cached ? ' (unchanged spec: the page of the last build)' : ''}`);
    }),
  );
  // A sample that no longer compiles against the generated types fails the build.
  const tsconfig = path.join(samplesDir, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), compilerOptions: { noEmit: true }, files: sampleFiles, include: [] }));
  await runOrExit('type-check of the TypeScript code samples', bin('tsc'), ['-p', tsconfig, '--incremental', '--tsBuildInfoFile', path.join(samplesDir, 'tsbuildinfo')]);
  writeFileSync(path.join(siteDir, 'index.html'), renderLandingPage(summaries));
  writeFileSync(path.join(siteDir, 'guide.html'), renderGuidePage(readFileSync(path.join(repoRoot, 'docs', 'guide.md'), 'utf8')));
  console.log(`✔ ${path.relative(projectRoot, path.join(siteDir, 'index.html'))}`);
});
