// --record: each observed JSON body as a candidate Example Object in the house style
// (summary, description saying where and when it was observed, value). Header values are
// never written, and properties whose name or value looks like a credential are left out.
// Adding one to specs/ is a human decision: bodies may hold personal data.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const SECRET_NAME = /pass(word)?|secret|token|api[_-]?key|authori[sz]ation|cookie|session|credential|private[_-]?key/i;

export function recordExample(dir: string, file: { operationId: string; status: number; target: string; observedAt: string }, body: unknown, secrets: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const removed: string[] = [];
  const value = strip(body, secrets, '$', removed);
  const example = {
    summary: `Observed ${file.operationId} response (HTTP ${file.status})`,
    description:
      `Observed from ${file.target} on ${file.observedAt} by \`npm run verify\`; not from the vendor's doc. ` +
      `Review it (it may hold personal data) before adding it to specs/.` +
      (removed.length ? ` Left out as credential-like: ${removed.join(', ')}.` : ''),
    value,
  };
  const out = path.join(dir, `${file.operationId}_${file.status}_observed.yaml`);
  writeFileSync(out, yaml().stringify(example, { lineWidth: 100 }));
  return out;
}

function strip(node: unknown, secrets: readonly string[], at: string, removed: string[]): unknown {
  if (typeof node === 'string') return secrets.some((s) => node.includes(s)) ? (removed.push(at), '(removed)') : node;
  if (Array.isArray(node)) return node.map((item, i) => strip(item, secrets, `${at}[${i}]`, removed));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (SECRET_NAME.test(key)) {
        removed.push(`${at}.${key}`);
        continue;
      }
      out[key] = strip(value, secrets, `${at}.${key}`, removed);
    }
    return out;
  }
  return node;
}

/** yaml is a tool dependency, loaded only when a fixtures or record file is used (a client-only install can verify without it). */
function yaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}
