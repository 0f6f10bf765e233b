#!/usr/bin/env node
// The `vendor-apis` command of the package: list, mock, proxy, verify, webhook. `npm run mock`
// and the rest are thin wrappers around it, so there is one implementation. Servers (mock,
// proxy) need Prism, and verify's --fixtures/--record need yaml: a client-only install does
// not bring them (optional peer dependencies), so only those print the exact `npm install`
// line and exit 2. list, webhook, verify and every --help work without them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMANDS: Record<string, { summary: string; load: () => Promise<(argv: string[], program: string) => Promise<void>> }> = {
  list: { summary: 'each vendor: operations, auth, default base URL, mock port', load: async () => (await import('./commands/list.js')).listCommand },
  mock: { summary: 'Prism mocks [vendor…] [--port N] [--host H] [--dynamic] [--seed N] [--quiet]', load: async () => (await import('./commands/mock.js')).mockCommand },
  proxy: { summary: 'validating proxy <vendor> <upstream> [--port N] [--report dir] [--fail-on-violation]', load: async () => (await import('./commands/proxy.js')).proxyCommand },
  verify: { summary: 'check a live API: <vendor> --base-url <url> [--include-writes …] [--report dir] …', load: async () => (await import('./commands/verify.js')).verifyCommand },
  webhook: { summary: 'webhook list <vendor> | webhook send <vendor> <event> --to <url> [--example name]', load: async () => (await import('./commands/webhook.js')).webhookCommand },
};

const USAGE = `Usage: vendor-apis <command> [options]   (vendor-apis <command> --help for its options)\n\n${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

In code: vendor-apis/<vendor> (typed clients), vendor-apis/testing (startMock, sendWebhook), vendor-apis/<vendor>/openapi.json (the specs).`;

/** The package's own manifest: its optional tool dependencies and their exact versions. */
function toolDependencies(): string[] {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; peerDependencies?: Record<string, string> };
      if (manifest.name === 'vendor-apis') return Object.entries(manifest.peerDependencies ?? {}).map(([name, version]) => `${name}@${version}`);
    } catch {
      // not here: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (vendor-apis --help).`);
    return 2;
  }
  let run;
  try {
    run = await command.load();
  } catch (error) {
    if (reportMissingTools(name, error)) return 2;
    throw error;
  }
  try {
    await run(rest, `vendor-apis ${name}`);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const usage = error as Error & { exitCode?: number };
    if (usage.name === 'UsageError' || typeof usage.exitCode === 'number') {
      console.error(usage.message);
      return usage.exitCode ?? 2;
    }
    // Commands load Prism only once their arguments are good, so a missing peer can surface here too.
    if (reportMissingTools(name, error)) return 2;
    throw error;
  }
}

/** A tool dependency the install left out: prints the exact `npm install` line. */
function reportMissingTools(command: string, error: unknown): boolean {
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String((error as Error).message))?.[1];
  const wanted = toolDependencies();
  const code = (error as NodeJS.ErrnoException).code;
  if ((code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') || !missing || !wanted.some((d) => d.startsWith(`${missing}@`))) return false;
  console.error(`vendor-apis ${command} needs the tool dependencies, which a client-only install leaves out. Install them with:\n  npm install --save-dev ${wanted.join(' ')}`);
  return true;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Long-running commands (mock, proxy) keep the event loop alive and exit on a signal.
    if (code !== 0) process.exit(code);
    process.exitCode = 0;
  },
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
