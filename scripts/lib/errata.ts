// ERRATA.md tables as data: each row names the spec locations its decision affects as JSON
// pointers (URI fragments such as `#/paths/~1users~1/get`) into generated/<vendor>/openapi.json,
// so a test can tell when a row has gone stale because the spec moved under it.
import { readFileSync } from 'node:fs';

export interface ErrataRow {
  /** The row's number: a stable id, never reused (a removed row leaves a gap). */
  id: string;
  line: number;
  cells: string[];
  /** Every `#/…` pointer in the row's last cell. */
  pointers: string[];
}

export const SPEC_LOCATION_HEADER = 'Spec location';

export function parseErrata(file: string, text = readFileSync(file, 'utf8')): ErrataRow[] {
  const rows: ErrataRow[] = [];
  let header: string[] | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line.startsWith('|')) return void (header = undefined);
    const cells = splitRow(line);
    if (cells[0] === '#') return void (header = cells);
    if (!header || cells.every((c) => /^:?-+:?$/.test(c))) return;
    if (header[header.length - 1] !== SPEC_LOCATION_HEADER) {
      throw new Error(`${file}:${index + 1}: the errata table's last column must be "${SPEC_LOCATION_HEADER}"`);
    }
    const last = cells[cells.length - 1] ?? '';
    const pointers = [...last.matchAll(/`(#\/[^`]*)`/g)].map((m) => m[1]!);
    rows.push({ id: cells[0]!, line: index + 1, cells, pointers });
  });
  return rows;
}

/** Splits a Markdown table row on unescaped pipes. */
function splitRow(line: string): string[] {
  const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split(/(?<!\\)\|/);
  return cells.map((c) => c.trim());
}

/** Resolves a `#/a/b~1c` fragment in a document; undefined when any step is missing. */
export function resolvePointer(doc: unknown, fragment: string): unknown {
  if (!fragment.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of fragment.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** What is wrong with a vendor's errata against its bundled spec: one line per problem. */
export function errataProblems(file: string, doc: unknown, text?: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of parseErrata(file, text)) {
    const where = `${file}:${row.line} (row ${row.id})`;
    if (seen.has(row.id)) problems.push(`${where}: duplicate row number`);
    seen.add(row.id);
    if (row.pointers.length === 0) problems.push(`${where}: names no spec location (a \`#/…\` pointer in the last column)`);
    for (const pointer of row.pointers) {
      if (resolvePointer(doc, pointer) === undefined) problems.push(`${where}: ${pointer} does not resolve in the bundled spec`);
    }
  }
  return problems;
}
