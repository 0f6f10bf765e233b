// npm start: build everything (generate, compile, docs), then serve the docs site on
// http://127.0.0.1:8080 and every vendor's Prism mock from port 4010, with one table of URLs.
import path from 'node:path';
import { startMockFleet, stopOnSignal } from './lib/mock-fleet.js';
import { DOCS_PORT, HOST } from './lib/ports.js';
import { listVendors, projectRoot } from './lib/project.js';
import { main, runOrExit } from './lib/run.js';
import { serveStatic } from './lib/static-server.js';
import { summarizeVendor, textTable } from './lib/vendor-summary.js';

main(async () => {
  for (const step of ['generate', 'build', 'docs']) {
    process.stdout.write(`• npm run ${step} … `);
    await runOrExit(`npm run ${step}`, 'npm', ['run', '--silent', step], projectRoot);
    console.log('done');
  }
  const vendors = listVendors();
  const site = await serveStatic(path.join(projectRoot, 'docs', 'site'), DOCS_PORT, HOST).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'EADDRINUSE' ? `Port ${DOCS_PORT} is in use: stop whatever listens there and retry.` : error.message);
  });
  const mocks = await startMockFleet(vendors, 'silent');
  stopOnSignal([site.close, ...mocks.map((m) => m.server.close)]);
  const rows = [
    ['docs', `${site.url}/`, 'landing page: every vendor, reference, errata'],
    ...mocks.map(({ vendor, server }) => {
      const s = summarizeVendor(vendor);
      return [vendor.name, server.url, `Prism mock of ${s.operations} operation${s.operations === 1 ? "" : "s"} · reference ${site.url}/${vendor.name}/`];
    }),
  ];
  console.log(`\n${textTable(['what', 'URL', 'notes'], rows)}\n\nCtrl-C stops every server.`);
});
