// Prism servers in this process, from a vendor's bundled spec: mocks (`npm run mock`,
// `npm start`, the contract tests, the bench) and validating proxies (`npm run proxy`).
import { statSync } from 'node:fs';
import http from 'node:http';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
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
  const [server, httpServer] = capturingHttpServer(() => createServer(operations, {
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
  const operations = getHttpOperationsFromSpec(bundlePath);
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
function capturingHttpServer<T>(make: () => T, intercept?: MockOptions['intercept']): [T, http.Server] {
  const original = http.createServer;
  let captured: http.Server | undefined;
  http.createServer = ((...args: Parameters<typeof http.createServer>) => {
    if (intercept) {
      const index = args.findIndex((a) => typeof a === 'function');
      const handler = args[index] as http.RequestListener;
      args[index] = ((req: http.IncomingMessage, res: http.ServerResponse) => intercept(req, res) || handler(req, res)) as never;
    }
    return (captured = original(...args));
  }) as typeof http.createServer;
  try {
    const made = make();
    if (!captured) throw new Error('Prism did not create its HTTP server through node:http: the request log cannot attach (Prism upgrade?).');
    return [made, captured];
  } finally {
    http.createServer = original;
  }
}
