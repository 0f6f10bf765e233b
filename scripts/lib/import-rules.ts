// The direction of imports as a checked rule: dependency-cruiser with .dependency-cruiser.cjs
// over every folder of TypeScript in a project tree (the repository, or a test's copy).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/spec/project.js';
import { bin, run, type RunResult } from './run.js';

const FOLDERS = ['src', 'generated', 'scripts', 'contract-tests', 'docs/examples'];

/** The folders of TypeScript a tree has (a spec-only tree, as tests and the bench lint, has none). */
export function codeFolders(root = repoRoot): string[] {
  return FOLDERS.filter((folder) => existsSync(path.join(root, folder)));
}

export async function checkImportRules(root = repoRoot): Promise<RunResult> {
  const folders = codeFolders(root);
  if (folders.length === 0) return { code: 0, output: '' };
  return run(bin('depcruise'), [...folders, '--config', path.join(repoRoot, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: root });
}
