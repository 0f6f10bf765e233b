// The docs site's server (npm start, the browser test): it answers with brotli or gzip as the
// request allows, the bytes decompress to the file, a file is never compressed for a client
// that refuses it, hashed assets/ are cacheable for good and other pages revalidate by ETag.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, serveStatic, type StaticServer } from '../../scripts/lib/static-server.js';

/** Raw bytes and headers: fetch would decompress and hide what was sent. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('docs static server', () => {
  let root: string;
  let site: StaticServer;
  const page = `<!DOCTYPE html><title>t</title>${'<p>some text that compresses well</p>'.repeat(500)}`;
  const script = `var x = ${JSON.stringify('y'.repeat(20_000))};`;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'static-server-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), page);
    writeFileSync(path.join(root, 'assets', 'a-123.js'), script);
    // A precompressed copy is sent as it is (this one is recognisably not the file's own compression).
    writeFileSync(path.join(root, 'assets', 'a-123.js.gz'), Buffer.from([0x1f, 0x8b]));
    writeFileSync(path.join(root, 'stale.js'), script);
    writeFileSync(path.join(root, 'stale.js.gz'), Buffer.from([0x1f, 0x8b]));
    utimesSync(path.join(root, 'stale.js.gz'), new Date(0), new Date(0)); // older than its file: not used
    site = await serveStatic(root);
  });
  afterAll(async () => {
    await site?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('chooses brotli, else gzip, else nothing, honouring q=0', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it('sends a page brotli- or gzip-compressed as asked, and plain to a client that asks for neither', async () => {
    const br = await get(`${site.url}/`, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(page);
    expect(br.body.length).toBeLessThan(page.length / 10);
    const gz = await get(`${site.url}/index.html`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(page);
    const plain = await get(`${site.url}/index.html`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
    expect(br.headers.vary).toBe('Accept-Encoding');
  });

  it('sends a fresh precompressed copy as it is, and ignores one older than its file', async () => {
    const fresh = await get(`${site.url}/assets/a-123.js`, { 'accept-encoding': 'gzip' });
    expect([...fresh.body]).toEqual([0x1f, 0x8b]);
    const stale = await get(`${site.url}/stale.js`, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(stale.body).toString()).toBe(script);
  });

  it('marks assets/ immutable and revalidates other pages by ETag (304)', async () => {
    const asset = await get(`${site.url}/assets/a-123.js`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const first = await get(`${site.url}/index.html`, { 'accept-encoding': 'br' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get(`${site.url}/index.html`, { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The ETag names the encoding: a gzip client does not get a 304 for the brotli body.
    const other = await get(`${site.url}/index.html`, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
    expect(other.status).toBe(200);
  });

  it('serves nothing outside its root', async () => {
    expect((await get(`${site.url}/..%2F..%2Fetc%2Fpasswd`, {})).status).toBe(403);
    expect((await get(`${site.url}/missing.html`, {})).status).toBe(404);
  });
});
