// Prism servers in this process, from a vendor's bundled spec: mocks (`npm run mock`,
// `npm start`, the contract tests, the bench) and validating proxies (`npm run proxy`).
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { REDACTED_PATHS, readableMockLog } from './mock-log.js';

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
  /** Where readable log lines go (default stdout). Request headers are never logged. */
  logStream?: NodeJS.WritableStream;
  /**
   * Proxy mode: forward every request to this base URL (including any version prefix) and
   * validate the real request and response against the spec instead of mocking.
   */
  upstream?: string;
}

export async function startMock(bundlePath: string, options: MockOptions = {}): Promise<MockServer> {
  const operations = await getHttpOperationsFromSpec(bundlePath);
  const logger = createLogger(
    'mock',
    { level: options.logLevel ?? 'silent', redact: { paths: REDACTED_PATHS, remove: true } },
    readableMockLog(options.label ?? 'mock', options.logStream) as never,
  );
  const server = createServer(operations, {
    cors: true,
    components: { logger },
    config: {
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      mock: { dynamic: false },
      errors: false,
      upstreamProxy: undefined,
      ...(options.upstream ? { isProxy: true as const, upstream: new URL(options.upstream) } : { isProxy: false as const }),
    },
  });
  const address = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: address.replace(/\/$/, ''), operations: operations.length, close: () => server.close() };
}
