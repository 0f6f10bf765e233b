// Where an operation's path and query parameters (and a write's body) come from, in order:
// the --fixtures file, OpenAPI links from responses already observed in this run, then the
// parameter's documented example. A value that does not fit the parameter's schema is not
// sent (the doc's placeholder ids, such as "string" for a uuid, would only earn a 4xx).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { linkParameters, type OperationLink } from '../../spec/links.js';
import { deref, mediaExamples, type Doc, type Operation } from '../../spec/openapi.js';
import { UsageError } from '../../spec/project.js';
import type { SchemaValidator } from '../../spec/schema-validator.js';

export interface Fixture {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export function readFixtures(file: string, operationIds: string[]): Record<string, Fixture> {
  let parsed: unknown;
  try {
    parsed = yaml().parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--fixtures ${file}: ${(error as Error).message.split('\n')[0]}`, 2);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--fixtures ${file}: expected a map of operationId: { path: {…}, query: {…}, body: … }.`, 2);
  }
  for (const id of Object.keys(parsed)) {
    if (!operationIds.includes(id)) throw new UsageError(`--fixtures ${file}: no operation "${id}".`, 2);
  }
  return parsed as Record<string, Fixture>;
}

/** What earlier responses offer: link → the context its expressions read. */
export interface Observed {
  link: OperationLink;
  requestPath: Record<string, unknown>;
  requestQuery: Record<string, unknown>;
  responseBody: unknown;
}

export interface Inputs {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
  mediaType?: string;
  /** Where each value came from: `fixture`, `link listUsers`, `example`. */
  sources: Record<string, string>;
  missing: string[];
  /** Candidate values not sent because they did not fit the parameter's schema. */
  unfit: string[];
}

export function resolveInputs(doc: Doc, op: Operation, fixture: Fixture | undefined, observed: Observed[], params: SchemaValidator): Inputs {
  const inputs: Inputs = { path: {}, query: {}, sources: {}, missing: [], unfit: [] };
  for (const param of op.parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
    const where = param.in as 'path' | 'query';
    const candidates: Array<[unknown, string]> = [];
    if (fixture?.[where]?.[param.name] !== undefined) candidates.push([fixture[where]![param.name], 'fixture']);
    for (const seen of observed.filter((o) => o.link.target.operationId === op.operationId)) {
      const values = linkParameters(seen.link, seen);
      const value = (where === 'path' ? values.path : values.query)[param.name];
      if (value !== undefined) candidates.push([value, `link ${seen.link.source.operationId}`]);
    }
    if (param.required) {
      const example = documentedExample(doc, param);
      if (example !== undefined) candidates.push([example, 'example']);
    }
    const fitting = candidates.find(([value]) => params.validateValue(param.schema ?? {}, value).length === 0);
    // Higher-priority values that were passed over (all of them when none fits).
    const passedOver = fitting ? candidates.slice(0, candidates.indexOf(fitting)) : candidates;
    for (const [value, source] of passedOver) inputs.unfit.push(`${param.name}=${JSON.stringify(value)} from ${source}`);
    if (fitting) {
      inputs[where][param.name] = fitting[0];
      inputs.sources[param.name] = fitting[1];
    } else if (param.required) {
      inputs.missing.push(`${where} parameter ${param.name}${candidates.length ? ` (${candidates.length} value(s) did not fit its schema)` : ''}`);
    }
  }
  const requestBody = deref(doc, op.operation.requestBody);
  if (requestBody?.content) {
    const documented = mediaExamples(doc, op.operation.requestBody, `${op.pointer}/requestBody`).find((m) => m.examples.length);
    if (fixture?.body !== undefined) {
      inputs.body = fixture.body;
      inputs.mediaType = Object.keys(requestBody.content)[0];
      inputs.sources.body = 'fixture';
    } else if (documented) {
      inputs.body = documented.examples[0]!.value;
      inputs.mediaType = documented.mediaType;
      inputs.sources.body = `example ${documented.examples[0]!.name}`;
    } else if (requestBody.required) {
      inputs.missing.push('request body');
    }
  }
  return inputs;
}

function documentedExample(doc: Doc, param: Doc): unknown {
  if (param.example !== undefined) return param.example;
  const named = param.examples && Object.values(param.examples as Record<string, Doc>)[0];
  if (named) return deref(doc, named).value;
  const schema = deref(doc, param.schema) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  return undefined;
}

/** yaml is a tool dependency, loaded only when a fixtures or record file is used (a client-only install can verify without it). */
function yaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}
