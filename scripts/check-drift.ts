// npm run check:drift: fails when generated/ differs from what is committed (or staged), so a
// spec change can't land without its regenerated types, clients and bundle. Run after generate.
import { projectRoot } from '../src/spec/project.js';
import { main, run } from './lib/run.js';

main(async () => {
  const unstaged = await run('git', ['diff', '--stat', '--exit-code', '--', 'generated'], { cwd: projectRoot });
  const untracked = await run('git', ['ls-files', '--others', '--exclude-standard', '--', 'generated'], { cwd: projectRoot });
  if (unstaged.code > 1) throw new Error(`git diff failed:\n${unstaged.output}`);
  if (unstaged.code === 0 && untracked.output.trim() === '') {
    console.log('✔ generated/ matches the specs');
    return;
  }
  console.error('✖ generated/ is out of date with specs/: regenerating changed it.');
  if (unstaged.output.trim()) console.error(unstaged.output);
  if (untracked.output.trim()) console.error(`New, untracked:\n${untracked.output}`);
  console.error('Run `npm run generate` and commit generated/ together with the spec change.');
  process.exit(1);
});
