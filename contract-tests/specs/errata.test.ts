// Errata that cannot go stale: every ERRATA.md row names the spec locations its decision
// affects, as JSON pointers into the bundled spec, and each one must still resolve.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errataProblems } from '../../scripts/lib/errata.js';
import { loadBundle } from '../../src/spec/openapi.js';
import { vendorsToTest } from '../lib/shares.js';

describe('errata spec locations', () => {
  for (const vendor of vendorsToTest(import.meta.url)) {
    it(`${vendor.name}: every row points at spec locations that resolve`, () => {
      const file = path.join(vendor.specDir, 'ERRATA.md');
      expect(errataProblems(file, loadBundle(vendor.bundlePath))).toEqual([]);
    });
  }

  it('rejects a row without a pointer, a pointer that does not resolve, and a repeated number', () => {
    const doc = { paths: { '/users/': { get: {} } } };
    const text = [
      '| # | Where in the doc | Defect | Decision | Spec location |',
      '|---|---|---|---|---|',
      '| 1 | a | b | c | `#/paths/~1users~1/get` |',
      '| 2 | a | b | c | none |',
      '| 3 | a | b | c | `#/paths/~1users~1/post` |',
      '| 3 | a | b | c | `#/paths/~1users~1` |',
    ].join('\n');
    const problems = errataProblems('ERRATA.md', doc, text);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('row 2');
    expect(problems[1]).toContain('#/paths/~1users~1/post does not resolve');
    expect(problems[2]).toContain('duplicate row number');
  });

  it('rejects a table without the spec location column', () => {
    expect(() => errataProblems('ERRATA.md', {}, '| # | Defect |\n|---|---|\n| 1 | x |')).toThrow(/Spec location/);
  });
});
