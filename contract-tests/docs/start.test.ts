// npm start's docs port: --docs-port chooses it, a bad value is a usage error, and a port in
// use gets one line naming the port and --docs-port before anything is built.
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { repoRoot, UsageError } from '../../src/spec/project.js';
import { DOCS_PORT } from '../../src/tools/ports.js';
import { bin, run } from '../../scripts/lib/run.js';
import { takeDocsPort } from '../../scripts/lib/start-options.js';

describe('npm start --docs-port', () => {
  it('takes --docs-port N and --docs-port=N out of the arguments and leaves the mock options', () => {
    expect(takeDocsPort([])).toEqual({ docsPort: DOCS_PORT, rest: [] });
    expect(takeDocsPort(['--docs-port', '9000', '--port', '5000', '--quiet'])).toEqual({ docsPort: 9000, rest: ['--port', '5000', '--quiet'] });
    expect(takeDocsPort(['--quiet', '--docs-port=9001'])).toEqual({ docsPort: 9001, rest: ['--quiet'] });
    for (const bad of [['--docs-port'], ['--docs-port', 'x'], ['--docs-port=0'], ['--docs-port', '70000']]) {
      expect(() => takeDocsPort(bad)).toThrow(UsageError);
    }
  });

  it('a docs port in use: one line naming the port and --docs-port, exit 1, nothing built', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const result = await run(bin('tsx'), ['scripts/start.ts', '--docs-port', String(port)], { cwd: repoRoot });
      expect(result.code, result.output).toBe(1);
      expect(result.output.trim().split('\n')).toEqual([`Port ${port} on 127.0.0.1 (for the docs site) is in use: stop whatever listens there (another \`npm run mock\` or \`npm start\`?) or choose another with --docs-port N.`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('--help names --docs-port; a bad --docs-port is a usage error (exit 2)', async () => {
    const help = await run(bin('tsx'), ['scripts/start.ts', '--help'], { cwd: repoRoot });
    expect(help.code).toBe(0);
    expect(help.output).toContain('--docs-port N');
    const bad = await run(bin('tsx'), ['scripts/start.ts', '--docs-port', 'x'], { cwd: repoRoot });
    expect(bad.code).toBe(2);
    expect(bad.output.trim()).toBe('--docs-port takes a port number from 1 to 65535, got "x".');
  });
});
