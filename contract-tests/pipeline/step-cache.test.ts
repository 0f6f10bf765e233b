// The step cache (scripts/lib/step-cache.ts) answers only for byte-identical inputs, and
// `npm run generate` through it redoes a vendor whose generated files were edited by hand.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot, repoRoot } from '../../src/spec/project.js';
import { bin, run } from '../../scripts/lib/run.js';
import { cachedResult, inputsKey, storeResult } from '../../scripts/lib/step-cache.js';

describe('step cache', () => {
  // This proves the cache, so it is on here even under VENDOR_APIS_CACHE=off (undone after: files share a process).
  beforeAll(() => void vi.stubEnv('VENDOR_APIS_CACHE', 'on'));
  afterAll(() => void vi.unstubAllEnvs());
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

describe('npm run generate and its cache', () => {
  it('skips an unchanged vendor, and generates it again once a generated file was edited', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'generate-cache-'));
    try {
      mkdirSync(path.join(root, 'specs', 'things'), { recursive: true });
      copyFileSync(path.join(repoRoot, 'contract-tests', 'fixtures', 'lint', 'valid.yaml'), path.join(root, 'specs', 'things', 'openapi.yaml'));
      const config = readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8').replace(/^apis:\n(?: {2}.*\n)+/m, 'apis:\n  things:\n    root: specs/things/openapi.yaml\n');
      writeFileSync(path.join(root, 'redocly.yaml'), config);
      const generate = () => run(bin('tsx'), [path.join(repoRoot, 'scripts', 'generate.ts')], { cwd: repoRoot, env: { VENDOR_APIS_ROOT: root, VENDOR_APIS_CACHE: 'on' } }); // proves the cache: on whatever the outer run says
      const first = await generate();
      expect(first.code, first.output).toBe(0);
      expect(first.output).toMatch(/things: \d+ operations/);
      const schema = path.join(root, 'generated', 'things', 'schema.ts');
      const written = readFileSync(schema, 'utf8');
      const second = await generate();
      expect(second.output).toContain('things: unchanged since the last generate');
      writeFileSync(schema, `${written}// edited by hand\n`);
      const third = await generate();
      expect(third.code, third.output).toBe(0);
      expect(third.output).toMatch(/things: \d+ operations/);
      expect(readFileSync(schema, 'utf8')).toBe(written);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
