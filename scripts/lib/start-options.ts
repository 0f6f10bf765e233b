// npm start's own option, --docs-port, taken out of the command line before the rest goes to
// the mock options (src/tools/mock/options.ts), which npm start shares with npm run mock.
import { UsageError } from '../../src/spec/project.js';
import { DOCS_PORT } from '../../src/tools/ports.js';
import { listenProblem } from '../../src/tools/network.js';

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

/** The one line for a docs port that cannot be bound (someone else holds it, say): the port, what it was for, why, the option. */
export function docsPortInUse(port: number, host: string, code = 'EADDRINUSE'): UsageError {
  return new UsageError(listenProblem(code, host, port, 'the docs site', '--docs-port N'), 1);
}
