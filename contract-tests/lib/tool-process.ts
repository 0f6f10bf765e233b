// The `vendor-apis` command from the checkout, as its own Node process: `node --import tsx`,
// not the tsx CLI, which relays a signal to its child and SIGKILLs the child when the child
// has not acknowledged it within 30 ms (on a busy machine, a proxy lost its report that way).
import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptions } from 'node:child_process';
import { repoRoot } from '../../src/spec/project.js';
import { run } from '../../scripts/lib/run.js';

/** stdout and stderr are always pipes. */
export function spawnTool(args: string[], options: Omit<SpawnOptions, 'stdio'> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/tools/vendor-apis.ts', ...args], { cwd: repoRoot, ...options, stdio: 'pipe' }) as ChildProcessWithoutNullStreams;
}

/** Runs the command to its end: exit code, stdout + stderr, and how long it took. */
export async function runTool(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string; ms: number }> {
  const started = performance.now();
  const result = await run(process.execPath, ['--import', 'tsx', 'src/tools/vendor-apis.ts', ...args], { cwd: repoRoot, env });
  return { ...result, ms: performance.now() - started };
}
