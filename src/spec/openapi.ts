// Reading a bundled spec (generated/<vendor>/openapi.json): its operations, webhooks and
// documented examples. Shared by the generator, the contract tests, the docs and the bench.
import { readFileSync } from 'node:fs';
import { UsageError } from './project.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A bundle that is missing, unreadable or not JSON is one line naming the file and what to do (exit 1), not a stack trace. */
export function loadBundle(file: string): Doc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'it does not exist: run `npm run generate` (in a checkout) or reinstall the package' : `it cannot be read (${code ?? (error as Error).message})`;
    throw new UsageError(`Bundled spec ${file}: ${hint}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Bundled spec ${file} is not valid JSON (${(error as Error).message}; truncated?): run \`npm run generate\` or reinstall the package.`);
  }
  if (!doc || typeof doc !== 'object' || typeof (doc as Doc).openapi !== 'string') throw new UsageError(`Bundled spec ${file} is not an OpenAPI document (no "openapi" field).`);
  return doc as Doc;
}

/** Follows local `$ref`s (`#/components/...`) until a non-reference object. */
export function deref<T = Doc>(doc: Doc, node: unknown): T {
  let current = node as Doc;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const ref: string = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are expected in a bundle, found ${ref}`);
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    current = pointer(doc, ref.slice(1));
  }
  return current as T;
}

export function pointer(doc: Doc, jsonPointer: string): Doc {
  return jsonPointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Doc>((node, key) => {
      if (node === undefined || node === null) throw new Error(`Unresolvable JSON pointer ${jsonPointer}`);
      return node[key];
    }, doc);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface Operation {
  /** `paths` or `webhooks`. */
  section: 'paths' | 'webhooks';
  /** Path template, or webhook name. */
  key: string;
  method: HttpMethod;
  operationId: string;
  /** JSON pointer of the operation in the bundle. */
  pointer: string;
  operation: Doc;
  /** Path-level parameters followed by operation-level ones, dereferenced; operation wins. */
  parameters: Doc[];
  /** Effective security requirements (operation's, else the root's for paths). */
  security: Doc[];
}

export function listOperations(doc: Doc, section: 'paths' | 'webhooks' = 'paths'): Operation[] {
  const operations: Operation[] = [];
  for (const [key, rawItem] of Object.entries(doc[section] ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const byName = new Map<string, Doc>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p: unknown) => deref(doc, p))) {
        byName.set(`${p.in}:${p.name}`, p);
      }
      operations.push({
        section,
        key,
        method,
        operationId: operation.operationId,
        pointer: `/${section}/${escapePointer(key)}/${method}`,
        operation,
        parameters: [...byName.values()],
        security: operation.security ?? (section === 'paths' ? doc.security ?? [] : []),
      });
    }
  }
  return operations;
}

export function requiresCredentials(op: Operation): boolean {
  return op.security.length > 0 && !op.security.some((req) => Object.keys(req).length === 0);
}

export interface DocumentedExample {
  name: string;
  summary?: string;
  value: Json;
  /** JSON pointer of the media type's schema in the bundle. */
  schemaPointer: string;
}

export interface MediaExamples {
  mediaType: string;
  examples: DocumentedExample[];
}

/** Examples of every media type of a request body or a response, dereferenced. */
export function mediaExamples(doc: Doc, container: Doc | undefined, containerPointer: string): MediaExamples[] {
  const resolved = deref(doc, container);
  if (!resolved?.content) return [];
  const base = container?.$ref ? container.$ref.slice(1) : containerPointer;
  return Object.entries(resolved.content as Record<string, Doc>).map(([mediaType, media]) => ({
    mediaType,
    examples: Object.entries((media.examples ?? {}) as Record<string, Doc>).map(([name, ex]) => {
      const example = deref(doc, ex);
      return {
        name,
        summary: example.summary,
        value: example.value as Json,
        schemaPointer: `${base}/content/${escapePointer(mediaType)}/schema`,
      };
    }),
  }));
}

export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/.test(mediaType);
}

/**
 * The spec's first server URL with each variable at its default; undefined when there is no
 * server or a variable is marked `x-required: true` (its default is only a placeholder, so
 * clients must be given a baseUrl).
 */
export function defaultServerUrl(doc: Doc): string | undefined {
  const server = doc.servers?.[0];
  return server ? serverUrl(server) : undefined;
}

/** Every server URL that names a real host: variables at their defaults, `x-required` (placeholder) ones left out. */
export function serverUrls(doc: Doc): string[] {
  return ((doc.servers ?? []) as Doc[]).map(serverUrl).filter((u): u is string => u !== undefined);
}

function serverUrl(server: Doc): string | undefined {
  if (Object.values(server.variables ?? {}).some((v) => (v as Doc)['x-required'] === true)) return undefined;
  return String(server.url).replace(/\{(\w+)\}/g, (_m, name: string) => {
    const variable = server.variables?.[name];
    if (variable?.default === undefined) throw new Error(`Server variable {${name}} has no default`);
    return String(variable.default);
  });
}
