// Prism servers in this process, from a vendor's bundled spec: mocks (`npm run mock`,
// `npm start`, the contract tests, the bench) and validating proxies (`npm run proxy`).
import { statSync } from 'node:fs';
import http from 'node:http';
import { Readable } from 'node:stream';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { loadBundle } from '../../spec/openapi.js';
import { REDACTED_PATHS, readableMockLog, requestLine } from './log.js';

export interface MockServer {
  /** e.g. http://127.0.0.1:4010 : use it as the client's baseUrl (Prism serves paths without the server's path prefix). */
  url: string;
  operations: number;
  close(): Promise<void>;
}

export interface MockOptions {
  port?: number;
  host?: string;
  /** pino level; 'silent' for tests and benchmarks. */
  logLevel?: 'silent' | 'info' | 'warn' | 'error';
  /** Label of each log line (the vendor). */
  label?: string;
  /** Where readable Prism log lines go (default stdout). Request headers are never logged. */
  logStream?: NodeJS.WritableStream;
  /** One redacted line per request (method, path, query with secrets masked, status, time, first violation). */
  requestLog?: NodeJS.WritableStream;
  /** Called once per answered request, with the violations Prism found (proxy reports). */
  onExchange?: (exchange: Exchange) => void;
  /**
   * Proxy mode: forward every request to this base URL (including any version prefix) and
   * validate the real request and response against the spec instead of mocking.
   */
  upstream?: string;
  /** Prism's dynamic mode: responses generated from the schemas (formats honoured) instead of the documented examples. */
  dynamic?: boolean;
  /** Makes dynamic responses reproducible: the same seed gives the same body for the same request. */
  seed?: string;
  /** Replaces Prism's mocker component (the stateful mock, src/tools/stateful/); routing, security and validation stay Prism's. */
  mocker?: unknown;
  /** Answers a request before Prism sees it when it returns true (the stateful mock's `/__mock/…` endpoints). */
  intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export interface Exchange {
  method: string;
  /** Path without the query (which may carry keys). */
  path: string;
  status: number;
  ms: number;
  violations: Array<{ location: string[]; message: string; code?: string; severity?: string }>;
}

export async function startMock(bundlePath: string, options: MockOptions = {}): Promise<MockServer> {
  const operations = await parsedOperations(bundlePath);
  const logger = createLogger(
    'mock',
    { level: options.logLevel ?? 'silent', redact: { paths: REDACTED_PATHS, remove: true } },
    readableMockLog(options.label ?? 'mock', options.logStream) as never,
  );
  const opaqueBasic = takesOpaqueBasicToken(bundlePath);
  const [server, httpServer] = capturingHttpServer((handler) => checkedJsonBodies(opaqueBasic ? acceptOpaqueBasicToken(handler) : handler), () => createServer(operations, {
    cors: true,
    components: { logger, ...(options.mocker ? { mock: options.mocker as never } : {}) },
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      mock: { dynamic: options.dynamic ?? false, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
      errors: false,
      upstreamProxy: undefined,
      ...(options.upstream ? { isProxy: true as const, upstream: new URL(options.upstream) } : { isProxy: false as const }),
    },
  }), options.intercept);
  const { requestLog, onExchange } = options;
  if (requestLog || onExchange) {
    httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const started = performance.now();
      // Prism's own 422 carries its violations in the problem+json body, not in the header.
      let problem: unknown;
      const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
      res.end = ((...args: unknown[]) => {
        if (typeof args[0] === 'string' && /problem\+json/.test(String(res.getHeader('content-type')))) problem = args[0];
        return end(...args);
      }) as typeof res.end;
      res.once('finish', () => {
        const violations = res.getHeader('sl-violations') ?? problemViolations(problem);
        const ms = performance.now() - started;
        requestLog?.write(`${requestLine(options.label ?? 'mock', req.method ?? 'GET', req.url ?? '/', res.statusCode, ms, violations)}\n`);
        onExchange?.({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://mock').pathname, status: res.statusCode, ms, violations: parseList(violations) });
      });
    });
  }
  const address = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: address.replace(/\/$/, ''), operations: operations.length, close: () => server.close() };
}

/**
 * Prism's parsed operations, one set per version (mtime and size) of a bundle file in this
 * process. Prism keys its compiled Ajv validators by schema object and keeps them in
 * module-wide Ajv instances, so a fresh parse per mock compiled every validator again and never
 * freed the old ones (`npm run bench -- --only=restart`: a round of ten mocks, each verified,
 * took 7.1 CPU-s and kept about 10 MiB; sharing the parse, 3.3 CPU-s and nothing kept). Prism
 * only reads operations (its faker works on a deep clone), so servers can share one set.
 */
const parsed = new Map<string, { version: string; operations: ReturnType<typeof getHttpOperationsFromSpec> }>();
export function parsedOperations(bundlePath: string): ReturnType<typeof getHttpOperationsFromSpec> {
  const { mtimeMs, size } = statSync(bundlePath);
  const version = `${mtimeMs}:${size}`;
  const hit = parsed.get(bundlePath);
  if (hit?.version === version) return hit.operations;
  // Read and parsed here first, so a missing or truncated bundle is one line naming the file.
  const operations = getHttpOperationsFromSpec(loadBundle(bundlePath));
  parsed.set(bundlePath, { version, operations });
  operations.catch(() => parsed.delete(bundlePath));
  return operations;
}

/** Forgets a bundle's parse (the bench's "before" case: a fresh parse per mock, nothing kept by this cache). */
export function dropParsedOperations(bundlePath: string): void {
  parsed.delete(bundlePath);
}

function parseList(header: unknown): Exchange['violations'] {
  if (typeof header !== 'string') return [];
  try {
    const list = JSON.parse(header);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The `validation` list of a Prism problem+json body, as the sl-violations header would carry it. */
function problemViolations(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const validation = (JSON.parse(body) as { validation?: unknown }).validation;
    return Array.isArray(validation) ? JSON.stringify(validation) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prism's server does not expose its node:http server, and its request log has no request id
 * to pair a request with its response. Its HTTP layer (micri) calls `http.createServer` when
 * the server is made, so this hands that call through and keeps the instance, whose
 * 'request'/'finish' events give one line per request.
 */
function capturingHttpServer<T>(wrap: (handler: http.RequestListener) => http.RequestListener, make: () => T, intercept?: MockOptions['intercept']): [T, http.Server] {
  const original = http.createServer;
  let captured: http.Server | undefined;
  http.createServer = ((...args: unknown[]) => {
    const handler = args.find((a) => typeof a === 'function') as http.RequestListener | undefined;
    const serverOptions = args.find((a) => a && typeof a === 'object') as http.ServerOptions | undefined;
    const wrapped = handler && wrap(handler);
    // `/__mock/…` (the stateful mock's own routes) answers before Prism routes anything.
    const listener = wrapped && intercept ? ((req, res) => intercept(req, res) || wrapped(req, res)) as http.RequestListener : wrapped;
    return (captured = serverOptions ? original(serverOptions, listener) : original(listener));
  }) as typeof http.createServer;
  try {
    const made = make();
    if (!captured) throw new Error('Prism did not create its HTTP server through node:http: the request log cannot attach (Prism upgrade?).');
    return [made, captured];
  } finally {
    http.createServer = original;
  }
}

/**
 * Whether the spec's global scheme is HTTP Basic with a single, already-encoded token
 * (`x-client-credentials` with one name, docs/extensions.md): the vendor documents an opaque
 * token, but Prism accepts only base64 of `user:password`. Read once per bundle version.
 */
const opaqueBasicByBundle = new Map<string, { version: string; opaque: boolean }>();
function takesOpaqueBasicToken(bundlePath: string): boolean {
  const { mtimeMs, size } = statSync(bundlePath);
  const version = `${mtimeMs}:${size}`;
  const hit = opaqueBasicByBundle.get(bundlePath);
  if (hit?.version === version) return hit.opaque;
  const doc = loadBundle(bundlePath);
  const name = Object.keys(doc.security?.[0] ?? {})[0];
  const scheme = name ? doc.components?.securitySchemes?.[name] : undefined;
  const opaque = scheme?.type === 'http' && /^basic$/i.test(scheme.scheme ?? '') && Array.isArray(scheme['x-client-credentials']) && scheme['x-client-credentials'].length === 1;
  opaqueBasicByBundle.set(bundlePath, { version, opaque });
  return opaque;
}

/** Hands Prism a Basic credential it can check for any non-empty opaque token (`Basic <token>` becomes base64 of `<token>:`). */
function acceptOpaqueBasicToken(handler: http.RequestListener): http.RequestListener {
  return (req, res) => {
    const token = /^Basic\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (token && Buffer.from(token, 'base64').toString().split(':').length !== 2) {
      req.headers.authorization = `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
    }
    handler(req, res);
  };
}

/** Prism's own limit for a request body. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * A JSON request body is read and parsed before Prism sees it. Prism answers nothing at all
 * to JSON that does not parse (after the failed parse it waits for an 'end' the request has
 * already emitted), so that gets a 400 naming the parse error here, at once, and a body over
 * Prism's 10 MB limit a 413. A body that parses is replayed to Prism unchanged.
 * A multipart/form-data body is read too: Prism's multipart parser throws, outside any
 * handler, on a file part without a Content-Type (what Postman/newman send for a file field
 * with no file chosen), and that ended the whole mock process. Such a part gets the
 * `Content-Type: text/plain` RFC 7578 §4.4 makes its default; the rest is replayed unchanged.
 */
function checkedJsonBodies(handler: http.RequestListener): http.RequestListener {
  return (req, res) => {
    const type = String(req.headers['content-type'] ?? '');
    const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
    const json = /^application\/([\w.+-]+\+)?json\b/i.test(type);
    const boundary = /^multipart\/form-data\b.*;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    if (!hasBody || (!json && !boundary)) return handler(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !refused) {
        refused = true;
        problem(res, 413, 'Request body too large', `The body is over ${MAX_BODY_BYTES / 1024 / 1024} MB, the mock's limit.`);
        req.resume();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let body: Buffer = Buffer.concat(chunks);
      let { headers, rawHeaders } = req;
      if (boundary) {
        const typed = typedFileParts(body, boundary[1] ?? boundary[2] ?? '');
        if (typed !== body) {
          body = typed;
          // The replay is read to its Content-Length, which now counts the added headers.
          headers = { ...headers, 'content-length': String(body.length) };
          rawHeaders = rawHeaders.map((value, i) => (i % 2 === 1 && /^content-length$/i.test(rawHeaders[i - 1] ?? '') ? String(body.length) : value));
        }
      } else {
        try {
          JSON.parse(body.toString('utf8'));
        } catch (error) {
          return problem(res, 400, 'Invalid JSON body', `The request body is not valid JSON: ${(error as Error).message}.`);
        }
      }
      const replay = Object.assign(Readable.from(body.length ? [body] : []), {
        headers,
        rawHeaders,
        url: req.url,
        method: req.method,
        httpVersion: req.httpVersion,
        socket: req.socket,
        connection: req.socket,
      });
      handler(replay as unknown as http.IncomingMessage, res);
    });
  };
}

/**
 * The multipart body with `Content-Type: text/plain` (RFC 7578 §4.4's default) added to each
 * file part (one whose Content-Disposition has a `filename`) that has no Content-Type; the
 * same bytes otherwise. Read as latin1, so every byte of the parts' data is kept.
 */
function typedFileParts(body: Buffer, boundary: string): Buffer {
  const delimiter = `--${boundary}`;
  const parts = body.toString('latin1').split(delimiter);
  let changed = false;
  const typed = parts.map((part, i) => {
    if (i === 0) return part;
    const end = part.indexOf('\r\n\r\n');
    if (end < 0) return part;
    const head = part.slice(0, end);
    if (!/^content-disposition:.*;\s*filename\*?=/im.test(head) || /^content-type:/im.test(head)) return part;
    changed = true;
    return `${head}\r\nContent-Type: text/plain${part.slice(end)}`;
  });
  return changed ? Buffer.from(typed.join(delimiter), 'latin1') : body;
}

/** A problem+json answer whose `sl-violations` header names the body, as Prism's own do. */
function problem(res: http.ServerResponse, status: number, title: string, detail: string): void {
  const violations = [{ location: ['request', 'body'], severity: 'Error', code: status === 400 ? 'parse' : 'size', message: detail }];
  res.writeHead(status, { 'content-type': 'application/problem+json', 'sl-violations': JSON.stringify(violations) });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
