// Prism logs pino JSON that includes every request header, credentials too. The mocks print
// through this instead: one readable line per request, response and violation, headers never.
import { Writable } from 'node:stream';

/** Header paths pino removes before a line is even written (defence in depth). */
export const REDACTED_PATHS = [
  'input.headers.authorization',
  'input.headers["proxy-authorization"]',
  'input.headers.cookie',
  'input.headers["x-api-key"]',
  'input.headers["api-key"]',
  'input.headers["x-auth-token"]',
];

/** Query parameters whose values are masked in request lines: they may carry keys. */
const SECRET_QUERY = /key|token|secret|pass|auth|sig|session|code|credential/i;

/** `?limit=2&api_key=***`: the query with secret-looking values masked (every log line of the mock and the proxy goes through this). */
export function maskedQuery(params: URLSearchParams): string {
  const masked = new URLSearchParams(params);
  for (const key of new Set(masked.keys())) {
    if (SECRET_QUERY.test(key)) masked.set(key, '***');
  }
  const text = masked.toString().replace(/%2A/g, '*');
  return text ? `?${text}` : '';
}

/** Every URL in a message with its query masked (Prism's errors quote the upstream URL). */
export function maskUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/g, (url) => {
    if (!URL.canParse(url)) return url;
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${maskedQuery(parsed.searchParams)}`;
  });
}

/** `12:00:01 groupboss GET /users/?limit=2 → 200 3 ms`, with any violation Prism reported. */
export function requestLine(label: string, method: string, url: string, status: number, ms: number, violations: unknown): string {
  const parsed = new URL(url, 'http://mock');
  const time = new Date().toISOString().slice(11, 19);
  const first = firstViolation(violations);
  return `${time} ${label} ${method} ${parsed.pathname}${maskedQuery(parsed.searchParams)} → ${status} ${Math.round(ms)} ms${first ? `  ! ${first}` : ''}`;
}

function firstViolation(header: unknown): string | undefined {
  if (typeof header !== 'string' || !header) return undefined;
  try {
    const list = JSON.parse(header) as Array<{ location?: string[]; message?: string }>;
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const [v] = list;
    return `${v?.location?.join('.') ?? ''}: ${v?.message ?? ''}${list.length > 1 ? ` (+${list.length - 1} more)` : ''}`;
  } catch {
    return undefined;
  }
}

export function readableMockLog(label: string, out: NodeJS.WritableStream = process.stdout): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const formatted = formatLine(label, line);
        if (formatted) out.write(`${formatted}\n`);
      }
      done();
    },
  });
}

export function formatLine(label: string, line: string): string | undefined {
  let entry: { level?: number; msg?: string; input?: { method?: string; url?: { path?: string; query?: Record<string, unknown> } } };
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  const time = new Date().toISOString().slice(11, 19);
  const msg = entry.msg ?? '';
  if (msg === 'Request received' && entry.input) {
    const query = maskedQuery(new URLSearchParams(entry.input.url?.query as Record<string, string>));
    return `${time} ${label} → ${entry.input.method?.toUpperCase()} ${entry.input.url?.path}${query}`;
  }
  const responding = /^> Responding with "(\d+)"/.exec(msg);
  if (responding) return `${time} ${label} ← ${responding[1]}`;
  const terminated = /^Request terminated with error: (?:\S+?#)?(\w+): (.*)$/.exec(msg);
  if (terminated) return `${time} ${label} ← ${terminated[1]}: ${maskUrls(terminated[2]!)}`;
  // Validation problems (level 50) say which field or rule failed.
  if ((entry.level ?? 0) >= 50 && !entry.input) return `${time} ${label}   ! ${maskUrls(msg.replace(/^Violation: /, ''))}`;
  return undefined;
}
