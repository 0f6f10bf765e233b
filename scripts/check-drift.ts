// npm run check:drift: fails when generated/ differs from what is committed (or staged), so a
// spec change can't land without its regenerated types, clients and bundle. Run after generate.
// A vendor's generated/<vendor>/ may differ only while specs/<vendor>/ has edits git does not
// have yet (the edit-then-`npm test` loop: generate just wrote them from those edits); the
// vendor list (generated/vendors.json) while any spec or redocly.yaml has. A clean checkout
// (CI) has no such edits, so there every difference fails.
import { projectRoot } from '../src/spec/project.js';
import { main, run } from './lib/run.js';

/** Files under `paths` that differ from the index, or that git does not track. */
async function changedFiles(paths: string[]): Promise<string[]> {
  const diff = await run('git', ['diff', '--name-only', '--', ...paths], { cwd: projectRoot });
  const untracked = await run('git', ['ls-files', '--others', '--exclude-standard', '--', ...paths], { cwd: projectRoot });
  if (diff.code !== 0) throw new Error(`git diff failed:\n${diff.output}`);
  return [...diff.output.split('\n'), ...untracked.output.split('\n')].map((l) => l.trim()).filter(Boolean);
}

main(async () => {
  const generated = await changedFiles(['generated']);
  if (generated.length === 0) {
    console.log('✔ generated/ matches the specs');
    return;
  }
  const edited = await changedFiles(['specs', 'redocly.yaml']);
  const vendorOf = (file: string, top: string) => new RegExp(`^${top}/([^/]+)/`).exec(file)?.[1];
  const editedVendors = new Set(edited.map((f) => vendorOf(f, 'specs')).filter(Boolean));
  const followsAnEdit = (file: string) => {
    const vendor = vendorOf(file, 'generated');
    return vendor ? editedVendors.has(vendor) : edited.length > 0;
  };
  const drifted = generated.filter((file) => !followsAnEdit(file));
  if (drifted.length === 0) {
    const sources = [...new Set(edited.map((f) => (vendorOf(f, 'specs') ? `specs/${vendorOf(f, 'specs')}/` : f)))];
    console.log(`✔ generated/ follows your edits to ${sources.join(', ')}: commit it with them`);
    return;
  }
  console.error('✖ generated/ is out of date with specs/: regenerating changed files whose specs git already has.');
  console.error(drifted.map((f) => `  ${f}`).join('\n'));
  console.error('Run `npm run generate` and commit generated/ together with the spec change.');
  process.exit(1);
});
