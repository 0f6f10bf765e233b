// Which operations a verify run sends. Safe by default: only GET and HEAD; a write runs only
// when --include-writes names its operationId, one by one (never by pattern or "all").
import { listOperations, type Doc, type Operation } from '../../spec/openapi.js';
import { didYouMean } from '../cli-args.js';
import { UsageError } from '../../spec/project.js';

export interface PlannedOperation {
  op: Operation;
  run: boolean;
  /** Why it runs or is skipped, for the plan printed before anything is sent. */
  why: string;
}

const READS = new Set(['get', 'head']);

export function planOperations(doc: Doc, includeWrites: string[]): PlannedOperation[] {
  const operations = listOperations(doc);
  const ids = new Set(operations.map((op) => op.operationId));
  for (const id of includeWrites) {
    if (!ids.has(id)) {
      const hint = didYouMean(id, [...ids]);
      throw new UsageError(`--include-writes: no operation "${id}"${hint ? ` (did you mean ${hint}?)` : ''}. Name operationIds one by one, as listed in the plan.`, 2);
    }
    const op = operations.find((o) => o.operationId === id)!;
    if (READS.has(op.method)) throw new UsageError(`--include-writes: ${id} is a ${op.method.toUpperCase()}, which runs anyway; name only writes.`, 2);
  }
  return operations.map((op) => {
    if (READS.has(op.method)) return { op, run: true, why: 'read-only' };
    if (includeWrites.includes(op.operationId)) return { op, run: true, why: 'named in --include-writes' };
    return { op, run: false, why: `a write (${op.method.toUpperCase()}): runs only if --include-writes names ${op.operationId}` };
  });
}
