import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['contract-tests/**/*.test.ts'],
    reporters: ['default', './contract-tests/lib/summary-reporter.ts'],
    // One worker per core: vitest's default (cores - 1) ran the files one at a time on 2 cores.
    maxWorkers: 2,
    // Files share their worker's module cache: Prism, Ajv and the specs load once per worker,
    // not once per file. Tests restore what they change (timers, env) for the next file.
    isolate: false,
    // A hang guard, not a speed check (speed lives in `npm run bench`): on 2 shared cores a
    // passing test that takes 45 s alone has run past 60 s under load. Tests set no timeout of their own.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
