// A small static file server for docs/site/ (npm start, the browser test). Serves only files
// under its root; `/dir/` serves `/dir/index.html`.
// - Compressed: brotli or gzip, as the request's Accept-Encoding allows (brotli first). A
//   `<file>.br` / `<file>.gz` beside the file, written by `npm run docs` and not older than it,
//   is sent as it is; other text files are compressed once (node:zlib) and kept in memory
//   while the file is unchanged.
// - Cacheable: files under /assets/ are named by their content's hash, so they are
//   `immutable` for a year; every other file is revalidated (`no-cache`) against its ETag.
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.json', '.css', '.js', '.svg', '.md']);

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with: brotli, else gzip, else none, as `accept-encoding` allows (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(token, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** `compress: false` answers every request uncompressed (the bench's "before" figures). */
export function serveStatic(root: string, port = 0, host = '127.0.0.1', { compress = true }: { compress?: boolean } = {}): Promise<StaticServer> {
  const base = path.resolve(root);
  const compressed = new Map<string, { stamp: string; body: Buffer }>();
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = path.resolve(base, `.${urlPath}`);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    let stats: Stats;
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      stats = statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: ${urlPath}`);
      return;
    }
    const ext = path.extname(file);
    const stamp = `${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}`;
    const headers: Record<string, string | number> = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': path.relative(base, file).startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    const encoding = compress && COMPRESSIBLE.has(ext) ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    if (COMPRESSIBLE.has(ext)) headers.vary = 'Accept-Encoding';
    headers.etag = `"${stamp}${encoding ? `-${encoding}` : ''}"`;
    if (req.headers['if-none-match'] === headers.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    if (!encoding) {
      res.writeHead(200, { ...headers, 'content-length': stats.size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
      return;
    }
    const body = precompressed(file, stats, encoding) ?? compressOnce(compressed, file, stamp, encoding);
    res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host}:${actualPort}`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** `<file>.br` or `<file>.gz` when it exists and is not older than the file. */
function precompressed(file: string, stats: Stats, encoding: Encoding): Buffer | undefined {
  const sibling = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
  try {
    if (statSync(sibling).mtimeMs < stats.mtimeMs) return undefined;
    return readFileSync(sibling);
  } catch {
    return undefined;
  }
}

function compressOnce(cache: Map<string, { stamp: string; body: Buffer }>, file: string, stamp: string, encoding: Encoding): Buffer {
  const key = `${encoding}:${file}`;
  const hit = cache.get(key);
  if (hit?.stamp === stamp) return hit.body;
  const raw = readFileSync(file);
  // Quality 6 (of 11) keeps the first answer fast; the large shared files are precompressed.
  const body = encoding === 'br' ? brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : gzipSync(raw);
  cache.set(key, { stamp, body });
  return body;
}
