// The measured change list of a spec release: what `redocly diff` found between two versions
// of a vendor's spec, cut down to what a consumer's code can notice (operations and webhooks
// added or removed; parameters and fields added, removed, made required or optional; enum
// values; status codes; anything a diff rule rated), each with its class:
//   breaking   redocly's "major": a client or receiver written for the old spec may break
//   minor      new things, nothing old stops working
//   patch      compatible corrections (for example a response enum gaining a value)
// Text-only edits (descriptions, examples, links) are not listed: the hand-written entry says those.
//
// In CHANGELOG.md the list sits in the vendor's `## <vendor> <version>` entry between markers,
// one change a line; generated/<vendor>/changes.json is the same lists as data, made from the
// CHANGELOG (so the two cannot disagree), which the package ships as `vendor-apis/<vendor>/changes.json`.

export type ChangeClass = 'breaking' | 'minor' | 'patch';
export interface MeasuredChange {
  class: ChangeClass;
  /** The operation, webhook or component and the place in it: "`POST /things` request body `kind`". */
  where: string;
  change: string;
}
export interface Release {
  version: string;
  from: string;
  changes: MeasuredChange[];
}

/** The part of `redocly diff --format json` read here. */
export interface DiffChange {
  path: string;
  typeName?: string;
  kind: string;
  impact: string;
  property?: string;
  verdicts?: Array<{ message?: string; ruleId?: string }>;
  base?: { value?: unknown };
  revision?: { value?: unknown };
}

const CLASS: Record<string, ChangeClass> = { major: 'breaking', minor: 'minor', patch: 'patch' };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Text and metadata: their edits are not listed unless a diff rule rated them. */
const TEXT_TYPES = new Set(['Info', 'Contact', 'License', 'Tag', 'TagList', 'ExternalDocs', 'Example', 'ExamplesMap', 'Server', 'ServerList', 'ServerVariable', 'ServerVariablesMap', 'XCodeSample', 'XCodeSampleList']);
const SHAPE_PROPERTIES = new Set(['enum', 'required', 'type', 'key', 'const', 'nullable']);

const unescapePointer = (segment: string) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');

/** "`POST /things` response 200 `[].name`" from "#/paths/~1things/post/responses/200/content/…/items/properties/name". */
function describePointer(pointer: string): { subject: string; place: string[]; rest: string[] } {
  const seg = pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescapePointer);
  let subject = '';
  let i = 0;
  if (seg[0] === 'paths' && seg[1] !== undefined) {
    if (seg[2] !== undefined && METHODS.has(seg[2])) {
      subject = `\`${seg[2].toUpperCase()} ${seg[1]}\``;
      i = 3;
    } else {
      subject = `\`${seg[1]}\``;
      i = 2;
    }
  } else if (seg[0] === 'webhooks' && seg[1] !== undefined) {
    subject = `webhook \`${seg[1]}\``;
    i = seg[2] !== undefined && METHODS.has(seg[2]) ? 3 : 2;
  } else if (seg[0] === 'components' && seg[2] !== undefined) {
    subject = `${seg[1]!.replace(/s$/, '')} \`${seg[2]}\``;
    i = 3;
  } else {
    subject = seg.length ? `\`${seg.join('.')}\`` : 'the spec';
    i = seg.length;
  }
  const place: string[] = [];
  let field = '';
  const rest = seg.slice(i);
  for (let j = 0; j < rest.length; j++) {
    const s = rest[j]!;
    const next = rest[j + 1];
    if (s === 'requestBody') place.push('request body');
    else if (s === 'responses' && next !== undefined) (place.push(`response ${next}`), j++);
    else if (s === 'parameters' && next !== undefined) (place.push(`parameter ${Number(next) + 1}`), j++);
    else if (s === 'headers' && next !== undefined) (place.push(`header \`${next}\``), j++);
    else if (s === 'content' && next !== undefined) j++; // the media type: one per body here
    else if (s === 'properties' && next !== undefined) ((field += `${field ? '.' : ''}${next}`), j++);
    else if (s === 'items') field += '[]';
    else if ((s === 'oneOf' || s === 'anyOf' || s === 'allOf') && next !== undefined) ((field += `(${s} ${Number(next) + 1})`), j++);
    else if (s === 'schema') continue;
    else if (s === 'additionalProperties') field += '{*}';
  }
  if (field) place.push(`\`${field}\``);
  return { subject, place, rest };
}

const show = (value: unknown) => (Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value));

function lastName(pointer: string): string {
  const seg = pointer.split('/');
  return unescapePointer(seg[seg.length - 1] ?? '');
}

/** The changes of one `redocly diff` report that a consumer's code can notice, in the report's order. */
export function measuredChanges(changes: DiffChange[]): MeasuredChange[] {
  const out: MeasuredChange[] = [];
  for (const c of changes) {
    const cls = CLASS[c.impact] ?? 'patch';
    const verdicts = (c.verdicts ?? []).map((v) => v.message).filter((m): m is string => !!m);
    const { subject, place } = describePointer(c.path);
    const where = [subject, ...place].join(' ');
    if (verdicts.length) {
      out.push({ class: cls, where, change: verdicts.join(' ') });
      continue;
    }
    if (c.typeName && TEXT_TYPES.has(c.typeName)) continue;
    if (c.kind === 'added' || c.kind === 'removed') {
      const value = (c.kind === 'added' ? c.revision?.value : c.base?.value) as Record<string, unknown> | undefined;
      const verb = c.kind;
      if (c.typeName === 'PathItem' || c.typeName === 'Paths') {
        // A path added or removed whole: one line per operation in it.
        const entries = c.typeName === 'Paths' ? Object.entries(value ?? {}) : [[lastName(c.path), value] as const];
        for (const [p, item] of entries) {
          for (const method of Object.keys((item as Record<string, unknown>) ?? {}).filter((m) => METHODS.has(m))) {
            out.push({ class: cls, where: `\`${method.toUpperCase()} ${p}\``, change: `operation ${verb}` });
          }
        }
      } else if (c.typeName === 'WebhooksMap') {
        for (const name of Object.keys(value ?? {})) out.push({ class: cls, where: `webhook \`${name}\``, change: `webhook ${verb}` });
      } else if (c.typeName === 'Operation') {
        out.push({ class: cls, where, change: `operation ${verb}` });
      } else if (c.typeName === 'Response') {
        out.push({ class: cls, where: subject, change: `status ${lastName(c.path)} ${verb}` });
      } else if (c.typeName === 'Parameter') {
        const p = value as { name?: string; in?: string } | undefined;
        out.push({ class: cls, where: subject, change: `${p?.in ?? ''} parameter \`${p?.name ?? '?'}\` ${verb}`.trim() });
      } else if (c.typeName === 'Schema' && /\/properties\/[^/]+$/.test(c.path)) {
        out.push({ class: cls, where, change: `field ${verb}` });
      } else {
        out.push({ class: cls, where, change: `${(c.typeName ?? 'item').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${verb}` });
      }
      continue;
    }
    if (c.kind === 'modified' && c.property && SHAPE_PROPERTIES.has(c.property)) {
      const [before, after] = [c.base?.value, c.revision?.value];
      const change = before === undefined ? `${c.property} ${show(after)} added` : after === undefined ? `${c.property} ${show(before)} removed` : `${c.property}: ${show(before)} → ${show(after)}`;
      out.push({ class: cls, where, change });
    }
  }
  return out;
}

export const BLOCK_START = '<!-- measured-changes -->';
export const BLOCK_END = '<!-- /measured-changes -->';
const NONE = '- none: no operation, webhook, parameter, field, enum or status code changed';
const LINE = /^- \((breaking|minor|patch)\) (.+?): (.+)$/;
const HEADER = /^Measured by `npm run diff` \((\S+) → (\S+)\):$/;

export function changeLines(changes: MeasuredChange[]): string[] {
  return changes.length ? changes.map((c) => `- (${c.class}) ${c.where}: ${c.change}`) : [NONE];
}

export function renderBlock(from: string, to: string, changes: MeasuredChange[]): string {
  return [`Measured by \`npm run diff\` (${from} → ${to}):`, BLOCK_START, ...changeLines(changes), BLOCK_END].join('\n');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const headingOf = (name: string, version: string) => new RegExp(`^##\\s+${escapeRegExp(name)}\\s+${escapeRegExp(version)}\\s*$`, 'm');

/** The `## <name> <version>` entry: its text from the heading to the next `## ` heading. */
function findEntry(changelog: string, name: string, version: string): { start: number; end: number } | undefined {
  const match = headingOf(name, version).exec(changelog);
  if (!match) return undefined;
  const next = changelog.slice(match.index + match[0].length).search(/^## /m);
  return { start: match.index, end: next < 0 ? changelog.length : match.index + match[0].length + next };
}

/** The measured block of an entry: its `from` and its lines, or undefined when the entry has none. */
export function readBlock(changelog: string, name: string, version: string): { from: string; lines: string[] } | undefined {
  const entry = findEntry(changelog, name, version);
  if (!entry) return undefined;
  const text = changelog.slice(entry.start, entry.end).split('\n');
  const open = text.indexOf(BLOCK_START);
  const close = text.indexOf(BLOCK_END);
  if (open < 1 || close < open) return undefined;
  const header = HEADER.exec(text[open - 1]!);
  return { from: header?.[1] ?? '', lines: text.slice(open + 1, close) };
}

/** The CHANGELOG with the entry's block set to `block`; an entry that does not exist is added above the newest one. */
export function writeBlock(changelog: string, name: string, version: string, block: string): string {
  const entry = findEntry(changelog, name, version);
  if (!entry) {
    const first = changelog.search(/^## /m);
    const at = first < 0 ? changelog.length : first;
    const prefix = changelog.slice(0, at);
    return `${prefix}${prefix.endsWith('\n\n') || prefix === '' ? '' : '\n'}## ${name} ${version}\n${block}\n\n${changelog.slice(at)}`;
  }
  const text = changelog.slice(entry.start, entry.end);
  const lines = text.split('\n');
  const open = lines.indexOf(BLOCK_START);
  const close = lines.indexOf(BLOCK_END);
  let updated: string;
  if (open >= 1 && close > open) {
    const from = HEADER.test(lines[open - 1]!) ? open - 1 : open;
    updated = [...lines.slice(0, from), block, ...lines.slice(close + 1)].join('\n');
  } else {
    const body = text.replace(/\n+$/, '');
    updated = `${body}\n\n${block}\n${entry.end < changelog.length ? '\n' : ''}`;
  }
  return changelog.slice(0, entry.start) + updated + changelog.slice(entry.end);
}

/** Every measured list CHANGELOG.md holds for `name`, newest first (the file's order). */
export function releasesOf(changelog: string, name: string): Release[] {
  const releases: Release[] = [];
  const heading = new RegExp(`^##\\s+${escapeRegExp(name)}\\s+(\\S+)\\s*$`, 'gm');
  for (const match of changelog.matchAll(heading)) {
    const version = match[1]!;
    const block = readBlock(changelog, name, version);
    if (!block) continue;
    const changes = block.lines.flatMap((line): MeasuredChange[] => {
      const m = LINE.exec(line);
      return m ? [{ class: m[1] as ChangeClass, where: m[2]!, change: m[3]! }] : [];
    });
    releases.push({ version, from: block.from, changes });
  }
  return releases;
}

/** generated/<vendor>/changes.json: the vendor's measured lists as CHANGELOG.md has them. */
export function changesJson(changelog: string, name: string): string {
  return `${JSON.stringify({ vendor: name, releases: releasesOf(changelog, name) }, null, 2)}\n`;
}
