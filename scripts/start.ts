// npm start [-- --docs-port N, and the same options as npm run mock]: check the ports, build
// everything (generate, compile, docs), then serve the docs site (http://127.0.0.1:8080 unless
// --docs-port says otherwise) and the Prism mocks, with one table of URLs and one log line per
// mock request.
import path from 'node:path';
import { checkPorts, startMockFleet, stopOnSignal } from '../src/tools/mock/fleet.js';
import { mockUsage, parseMockOptions } from '../src/tools/mock/options.js';
import { projectRoot } from '../src/spec/project.js';
import { main, runOrExit } from './lib/run.js';
import { DOCS_PORT_USAGE, docsPortInUse, takeDocsPort } from './lib/start-options.js';
import { serveStatic } from './lib/static-server.js';
import { summarizeVendor, textTable } from '../src/spec/vendor-summary.js';

main(async () => {
  const { docsPort, rest } = takeDocsPort(process.argv.slice(2));
  const options = parseMockOptions(rest, 'npm start --');
  if (options.help) return void console.log(`${mockUsage('npm start --')}\n       ${DOCS_PORT_USAGE}`);
  if (options.explain) {
    const { explainVendor } = await import('../src/tools/stateful/explain.js');
    return void console.log(options.vendors.map((v) => explainVendor(v)).join('\n\n'));
  }
  // Every port is checked before anything is built: the docs site's first, then the mocks'.
  await checkPorts(options, [{ port: docsPort, what: 'the docs site', option: '--docs-port N' }]);
  for (const step of ['generate', 'build', 'docs']) {
    process.stdout.write(`• npm run ${step} … `);
    await runOrExit(`npm run ${step}`, 'npm', ['run', '--silent', step], projectRoot);
    console.log('done');
  }
  const site = await serveStatic(path.join(projectRoot, 'docs', 'site'), docsPort, options.host).catch((error: NodeJS.ErrnoException) => {
    throw error.code ? docsPortInUse(docsPort, options.host, error.code) : error;
  });
  const mocks = await startMockFleet(options);
  stopOnSignal([site.close, ...mocks.map((m) => m.server.close)]);
  const rows = [
    ['docs', `${site.url}/`, 'landing page: every vendor, reference, errata'],
    ...mocks.map(({ vendor, server }) => {
      const s = summarizeVendor(vendor);
      return [vendor.name, server.url, `Prism mock of ${s.operations} operation${s.operations === 1 ? '' : 's'} · reference ${site.url}/${vendor.name}/`];
    }),
  ];
  console.log(`\n${textTable(['what', 'URL', 'notes'], rows)}\n\n${options.quiet ? '' : 'Each mock request is logged below as one line. '}Ctrl-C stops every server.`);
});
