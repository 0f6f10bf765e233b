// `x-source`: where in the vendor's doc each operation and each documented example came from
// (docs/extensions.md). Data, never reader text. These checks keep it honest: the document
// named in `info.x-source.document` exists, every part of each `section` ("Users › List")
// occurs in it verbatim, and each `lines` range lies inside it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listOperations, type Doc } from '../../src/spec/openapi.js';

export interface SourceRef {
  section: string;
  lines?: [number, number];
  repairs?: string[];
}

/** Every place that must carry an `x-source`: operations, webhooks and Example Objects. */
export function sourcedItems(doc: Doc): Array<{ pointer: string; source: unknown }> {
  const items: Array<{ pointer: string; source: unknown }> = [];
  for (const op of [...listOperations(doc), ...listOperations(doc, 'webhooks')]) items.push({ pointer: op.pointer, source: op.operation['x-source'] });
  for (const [name, example] of Object.entries<Doc>(doc.components?.examples ?? {})) items.push({ pointer: `#/components/examples/${name}`, source: example['x-source'] });
  return items;
}

/** One line per problem; `docsDir` holds the vendor documents. */
export function sourceProblems(doc: Doc, docsDir: string): string[] {
  const name = doc.info?.['x-source']?.document;
  if (typeof name !== 'string') return ['#/info: no x-source.document naming the vendor doc'];
  const file = path.join(docsDir, name);
  if (!existsSync(file)) return [`#/info/x-source/document: ${name} is not in ${docsDir}`];
  const text = readFileSync(file, 'utf8');
  const lineCount = text.split('\n').length;
  const problems: string[] = [];
  for (const { pointer, source } of sourcedItems(doc)) {
    const ref = source as SourceRef | undefined;
    if (!ref || typeof ref.section !== 'string' || !ref.section.trim()) {
      problems.push(`${pointer}: no x-source.section`);
      continue;
    }
    for (const part of ref.section.split(' › ')) {
      if (!text.includes(part.trim())) problems.push(`${pointer}: x-source.section part "${part.trim()}" does not occur in ${name}`);
    }
    if (ref.lines !== undefined) {
      const [first, last] = ref.lines;
      if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first || last > lineCount) {
        problems.push(`${pointer}: x-source.lines ${JSON.stringify(ref.lines)} is not a range inside ${name} (1–${lineCount})`);
      }
    }
    if (ref.repairs !== undefined && (!Array.isArray(ref.repairs) || !ref.repairs.every((r) => typeof r === 'string' && r.trim()))) {
      problems.push(`${pointer}: x-source.repairs must be a list of non-empty strings`);
    }
  }
  return problems;
}
