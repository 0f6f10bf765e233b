// Redocly and Spectral, each started once over several files (a process start costs more than
// the lint of a spec), with every finding attributed to its file: `npm run lint` keeps one
// cached result per vendor, and the lint-rules test one verdict per fixture.
import path from 'node:path';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run } from './run.js';

export interface FileVerdict {
  /** No error or warning of this file's own. */
  ok: boolean;
  /** Its findings, each with the file, line and column. */
  output: string;
}

export interface LintRun {
  code: number;
  byFile: Map<string, FileVerdict>;
  /** Output naming none of the files (a config error, say); a failed run with no file to blame fails them all. */
  unattributed: string;
}

/**
 * `redocly lint` over `targets` (API names from redocly.yaml, or paths), run in `cwd`; `files`
 * are the files those targets are, as Redocly prints them (relative to `cwd`). Redocly writes
 * one section per file, from `validating <file>` to `<file>: validated in`; a problem in it is
 * a numbered `[n] <file>:<line>:<col>` entry.
 */
export async function redoclyLint(targets: string[], files: string[], cwd: string): Promise<LintRun> {
  const result = await run(bin('redocly'), ['lint', ...targets, '--max-problems', '1000'], { cwd });
  const byFile = new Map<string, FileVerdict>();
  let rest = result.output;
  for (const file of files) {
    const from = result.output.indexOf(`validating ${file}`);
    const end = `${file}: validated in`;
    const to = result.output.indexOf(end, from);
    if (from < 0 || to < 0) continue;
    const lineEnd = result.output.indexOf('\n', to);
    const section = result.output.slice(from, lineEnd < 0 ? undefined : lineEnd);
    rest = rest.replace(section, '');
    byFile.set(file, { ok: !/^\[\d+\] /m.test(section), output: section.slice(section.indexOf('\n') + 1, section.lastIndexOf('\n')).trim() });
  }
  return settle(result.code, files, byFile, rest);
}

/** `spectral lint` over absolute `files` with the repository's ruleset; Spectral prints one `<file>:<line>:<col> <severity> <rule> …` line per finding. */
export async function spectralLint(files: string[]): Promise<LintRun> {
  const result = await run(bin('spectral'), ['lint', ...files, '--ruleset', path.join(repoRoot, '.spectral.yaml'), '--fail-severity', 'warn', '--format', 'text']);
  const lines = result.output.split('\n').filter((l) => l.trim() && !/^No results with a severity of/.test(l));
  const byFile = new Map<string, FileVerdict>();
  for (const file of files) {
    const own = lines.filter((l) => l.startsWith(`${file}:`));
    // --fail-severity warn: a file fails on any error or warning of its own.
    byFile.set(file, { ok: !own.some((l) => /^\S+:\d+:\d+ (error|warning) /.test(l)), output: own.join('\n') });
  }
  return settle(result.code, files, byFile, lines.filter((l) => !files.some((f) => l.startsWith(`${f}:`))).join('\n'));
}

function settle(code: number, files: string[], byFile: Map<string, FileVerdict>, unattributed: string): LintRun {
  const blamed = [...byFile.values()].some((v) => !v.ok);
  for (const file of files) {
    const verdict = byFile.get(file);
    // A file the output does not account for, or a failed run that blames no file, passes nothing.
    if (!verdict || (code !== 0 && !blamed)) byFile.set(file, { ok: false, output: verdict?.output ?? '' });
  }
  return { code, byFile, unattributed: unattributed.trim() };
}
