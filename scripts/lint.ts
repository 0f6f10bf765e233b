// npm run lint [-- <vendor>...]: Redocly (recommended-strict + the example rules) and Spectral
// (spectral:oas + house rules in .spectral.yaml) on every vendor's hand-written spec.
// Zero errors and zero warnings: Spectral runs with --fail-severity warn.
import path from 'node:path';
import { projectRoot, repoRoot, selectVendors } from './lib/project.js';
import { bin, main, run } from './lib/run.js';

main(async () => {
  const vendors = selectVendors(process.argv.slice(2));
  let failed = false;
  for (const vendor of vendors) {
    const [redocly, spectral] = await Promise.all([
      run(bin('redocly'), ['lint', vendor.name, '--max-problems', '1000'], { cwd: projectRoot }),
      run(bin('spectral'), [
        'lint', vendor.specRoot,
        '--ruleset', path.join(repoRoot, '.spectral.yaml'),
        '--fail-severity', 'warn',
        '--format', 'text',
      ]),
    ]);
    const ok = redocly.code === 0 && spectral.code === 0 && !/warning/i.test(redocly.output);
    console.log(`${ok ? '✔' : '✖'} ${vendor.name}: redocly ${redocly.code === 0 ? 'ok' : 'FAILED'}, spectral ${spectral.code === 0 ? 'ok' : 'FAILED'}`);
    if (!ok) {
      failed = true;
      process.stdout.write(indent(redocly.output) + indent(spectral.output));
    }
  }
  if (failed) process.exit(1);
});

function indent(text: string): string {
  return text.trim() ? text.trim().split('\n').map((l) => `    ${l}`).join('\n') + '\n' : '';
}
