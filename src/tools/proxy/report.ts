// The validating proxy's traffic as a verify-style report: one row per request. A request
// that itself violated the spec is the client's mistake (`invalid-request`), whatever the
// vendor answered; otherwise the row is deviated when the real response violated the spec.
import type { Operation } from '../../spec/openapi.js';
import type { Exchange } from '../mock/prism.js';
import { summarize, type OperationResult, type Report } from '../verify/report.js';

export function proxyReport(vendor: string, upstream: string, startedAt: string, operations: Operation[], exchanges: Exchange[]): Report {
  const target = `${new URL(upstream).origin}${new URL(upstream).pathname}`.replace(/\/$/, '');
  const rows: OperationResult[] = exchanges.map((exchange) => {
    const op = matchOperation(operations, exchange.method, exchange.path);
    const response = exchange.violations.filter((v) => v.location[0] === 'response');
    const request = exchange.violations.filter((v) => v.location[0] === 'request');
    const details = (list: Exchange['violations']) => list.map((v) => `${v.location.join('.')}: ${v.message}`);
    return {
      operationId: op?.operationId ?? '(no operation)',
      method: exchange.method,
      path: exchange.path,
      outcome: request.length ? 'invalid-request' : response.length ? 'deviated' : 'passed',
      reason: request.length ? `the client's request: ${details(request).slice(0, 2).join('; ')}` : response.length ? details(response).slice(0, 2).join('; ') : `HTTP ${exchange.status}`,
      checks: request.length
        ? [{ name: 'body-schema', outcome: 'skipped', details: [`not judged: the request itself violated the spec (${details(request).join('; ')})`] }]
        : [{ name: 'body-schema', outcome: response.length ? 'deviated' : 'passed', details: details(response) }],
      securityFinding: false,
      ms: Math.round(exchange.ms),
    };
  });
  return { tool: 'proxy', vendor, target, startedAt, operations: rows, summary: summarize(rows) };
}

function matchOperation(operations: Operation[], method: string, path: string): Operation | undefined {
  return operations.find((op) => {
    if (op.method !== method.toLowerCase()) return false;
    // Path templates as patterns: each `{param}` is one segment.
    const pattern = new RegExp(`^${op.key.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}
