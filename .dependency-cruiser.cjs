// The direction of imports (docs/ARCHITECTURE.md "Layout"): scripts → src/tools → src/spec →
// src/client, generated/ → src/client. `npm run lint` runs this over the whole repository;
// contract-tests/pipeline/import-rules.test.ts plants a bad import and shows it failing.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'client-is-self-contained',
      comment: 'src/client is what a client import loads: it imports nothing else of this repository.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { pathNot: ['^src/client/', 'node_modules'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'generated-loads-only-the-client',
      comment: 'A vendor subpath (generated/<vendor>/index.ts) loads the client runtime, never the tools.',
      severity: 'error',
      from: { path: '^generated/' },
      to: { path: '^(src/(spec|tools)|scripts|contract-tests|docs)/' },
    },
    {
      name: 'spec-below-tools',
      comment: 'src/spec reads bundled specs for the tools and scripts; it never imports them.',
      severity: 'error',
      from: { path: '^src/spec/' },
      to: { path: '^src/tools/' },
    },
    {
      name: 'shipped-code-never-imports-the-repository-tooling',
      comment: 'What ships is built from src/ and generated/; scripts/ and contract-tests/ never ship.',
      severity: 'error',
      from: { path: '^(src|generated)/' },
      to: { path: '^(scripts|contract-tests)/' },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Only tests import tests (their own lib/).',
      severity: 'error',
      from: { pathNot: '^contract-tests/' },
      to: { path: '^contract-tests/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^contract-tests/fixtures/', '^dist/', '^docs/site/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
