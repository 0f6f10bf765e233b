// npm run lint [-- <vendor>...]: Redocly (recommended-strict + the example rules) and Spectral
// (spectral:oas + house rules in .spectral.yaml) on every vendor's hand-written spec.
// Zero errors and zero warnings: Spectral runs with --fail-severity warn. A vendor whose lint
// inputs are byte-identical to a passing run's is not linted again (scripts/lib/step-cache.ts);
// the others are linted together, one process per linter (scripts/lib/linters.ts).
// Then the import rules (.dependency-cruiser.cjs) over the whole repository.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { listVendors, projectRoot, repoRoot, selectVendors, type Vendor } from '../src/spec/project.js';
import { checkImportRules, codeFolders } from './lib/import-rules.js';
import { redoclyLint, spectralLint } from './lib/linters.js';
import { main } from './lib/run.js';
import { cachedResult, inputsKey, storeResult } from './lib/step-cache.js';

/** Everything a vendor's lint reads: its spec folder and anything under specs/ not another vendor's, the rule sets and custom rules, the tool versions, this script. */
function lintKey(vendor: Vendor): string {
  const specsDir = path.dirname(vendor.specDir);
  const others = new Set(listVendors().filter((v) => v.name !== vendor.name).map((v) => v.specDir));
  const specFiles = readdirSync(specsDir).map((name) => path.join(specsDir, name)).filter((file) => !others.has(file));
  // Redocly reads the project's config; Spectral's ruleset (and its functions) come from the repo.
  const config = ['redocly.yaml', '.redocly.lint-ignore.yaml'];
  const tools = ['.spectral.yaml', 'lint', 'package-lock.json', 'scripts/lint.ts', 'scripts/lib/linters.ts'];
  return inputsKey([...specFiles, ...config.map((f) => path.join(projectRoot, f)), ...tools.map((f) => path.join(repoRoot, f))], [vendor.name]);
}

main(async () => {
  const vendors = selectVendors(process.argv.slice(2));
  let failed = false;
  const keys = new Map(vendors.map((vendor) => [vendor.name, lintKey(vendor)]));
  const toLint = vendors.filter((vendor) => {
    if (!cachedResult('lint', vendor.name, keys.get(vendor.name)!)) return true;
    console.log(`✔ ${vendor.name}: unchanged since a passing lint (cached; VENDOR_APIS_CACHE=off to re-run)`);
    return false;
  });
  if (toLint.length) {
    // One process per linter for every vendor to lint, each finding attributed to its vendor's file.
    const redoclyFile = (vendor: Vendor) => path.relative(projectRoot, vendor.specRoot).split(path.sep).join('/');
    const [redocly, spectral] = await Promise.all([
      redoclyLint(toLint.map((v) => v.name), toLint.map(redoclyFile), projectRoot),
      spectralLint(toLint.map((v) => v.specRoot)),
    ]);
    for (const vendor of toLint) {
      const r = redocly.byFile.get(redoclyFile(vendor))!;
      const s = spectral.byFile.get(vendor.specRoot)!;
      const ok = r.ok && s.ok;
      console.log(`${ok ? '✔' : '✖'} ${vendor.name}: redocly ${r.ok ? 'ok' : 'FAILED'}, spectral ${s.ok ? 'ok' : 'FAILED'}`);
      if (!ok) {
        failed = true;
        process.stdout.write(indent(r.output) + indent(s.output));
      } else storeResult('lint', vendor.name, keys.get(vendor.name)!);
    }
    if (failed) process.stdout.write(indent(redocly.unattributed) + indent(spectral.unattributed));
  }
  // The import rules of the tree being linted (VENDOR_APIS_ROOT's, if set), skipped when its
  // code, the rules and the lockfile are byte-identical to a passing check's.
  const importsKey = inputsKey([...codeFolders(projectRoot).map((f) => path.join(projectRoot, f)), path.join(repoRoot, '.dependency-cruiser.cjs'), path.join(repoRoot, 'tsconfig.json'), path.join(repoRoot, 'package-lock.json')]);
  if (cachedResult('lint', 'import-rules', importsKey)) console.log('✔ import rules (.dependency-cruiser.cjs): unchanged since a passing check');
  else {
    const imports = await checkImportRules(projectRoot);
    console.log(`${imports.code === 0 ? '✔' : '✖'} import rules (.dependency-cruiser.cjs): ${imports.code === 0 ? 'ok' : 'FAILED'}`);
    if (imports.code !== 0) {
      failed = true;
      process.stdout.write(indent(imports.output));
    } else storeResult('lint', 'import-rules', importsKey);
  }
  if (failed) process.exit(1);
});

function indent(text: string): string {
  return text.trim() ? text.trim().split('\n').map((l) => `    ${l}`).join('\n') + '\n' : '';
}
