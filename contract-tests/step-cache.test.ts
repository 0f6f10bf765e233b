// The step cache (scripts/lib/step-cache.ts) answers only for byte-identical inputs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../scripts/lib/project.js';
import { cachedResult, inputsKey, storeResult } from '../scripts/lib/step-cache.js';

describe('step cache', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'step-cache-'));
  const step = `test-${process.pid}`;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(projectRoot, '.tmp', 'step-cache', step), { recursive: true, force: true });
  });

  it('keys on content and names, and misses on any change', () => {
    writeFileSync(path.join(dir, 'a.yaml'), 'one');
    const key = inputsKey([dir], ['v1']);
    expect(inputsKey([dir], ['v1'])).toBe(key);
    expect(inputsKey([dir], ['v2'])).not.toBe(key);
    writeFileSync(path.join(dir, 'b.yaml'), 'new file');
    const withNewFile = inputsKey([dir], ['v1']);
    expect(withNewFile).not.toBe(key);
    writeFileSync(path.join(dir, 'a.yaml'), 'two');
    expect(inputsKey([dir], ['v1'])).not.toBe(withNewFile);
  });

  it('returns what was stored for the same key only', () => {
    expect(cachedResult(step, 'x', 'k1')).toBeUndefined();
    storeResult(step, 'x', 'k1', 'page');
    expect(cachedResult(step, 'x', 'k1')?.toString()).toBe('page');
    expect(cachedResult(step, 'x', 'k2')).toBeUndefined();
    storeResult(step, 'x', 'k2', 'newer');
    expect(cachedResult(step, 'x', 'k1')).toBeUndefined();
  });
});
