// npm start's own option, --docs-port, taken out of the command line before the rest goes to
// the mock options (src/tools/mock/options.ts), which npm start shares with npm run mock.
import { createServer } from 'node:net';
import { UsageError } from '../../src/spec/project.js';
import { DOCS_PORT } from '../../src/tools/ports.js';

export const DOCS_PORT_USAGE = `[--docs-port N]  (the docs site's port, default ${DOCS_PORT})`;

export function takeDocsPort(argv: string[]): { docsPort: number; rest: string[] } {
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--docs-port') value = argv[++i] ?? '';
    else if (arg.startsWith('--docs-port=')) value = arg.slice('--docs-port='.length);
    else rest.push(arg);
  }
  if (value === undefined) return { docsPort: DOCS_PORT, rest };
  const docsPort = Number(value);
  if (!/^\d+$/.test(value) || docsPort < 1 || docsPort > 65535) throw new UsageError(`--docs-port takes a port number from 1 to 65535, got "${value}".`, 2);
  return { docsPort, rest };
}

/** The one line for a docs port someone else holds: the port, what it was for, the option. */
export function docsPortInUse(port: number, host: string): UsageError {
  return new UsageError(`Port ${port} on ${host} (for the docs site) is in use: stop whatever listens there or choose another with --docs-port N.`, 1);
}

export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
