// Running the pipeline's command-line tools: quietly, with Redocly's telemetry and update
// notices off, and with output kept so a failure can show it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { UsageError, repoRoot } from '../../src/spec/project.js';

export const toolEnv: NodeJS.ProcessEnv = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

/** Path of a CLI installed in this repo's node_modules/.bin. */
export function bin(name: string): string {
  return path.join(repoRoot, 'node_modules', '.bin', name);
}

export interface RunResult {
  code: number;
  output: string;
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; echo?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...toolEnv, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (options.echo) process.stdout.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: stripNodeNotice(output) }));
  });
}

/** Redocly prints a boxed Node.js 20 end-of-life notice on every run; it is noise here. */
function stripNodeNotice(text: string): string {
  return text.replace(/^\s*[╔║╚].*\n?/gmu, '');
}

/** Runs a step and exits the process with its output when it fails. */
export async function runOrExit(label: string, command: string, args: string[], cwd?: string): Promise<RunResult> {
  const result = await run(command, args, { cwd });
  if (result.code !== 0) {
    process.stderr.write(`\n✖ ${label} failed (exit ${result.code}):\n${result.output}\n`);
    process.exit(result.code || 1);
  }
  return result;
}

/** Entry-point wrapper: prints an error's message (no stack for usage errors) and exits non-zero. */
export function main(fn: () => Promise<void>): void {
  fn().catch((error: unknown) => {
    const err = error as Error;
    process.stderr.write(`${err instanceof UsageError ? err.message : (err.stack ?? String(err))}\n`);
    process.exit(err instanceof UsageError ? err.exitCode : 1);
  });
}
