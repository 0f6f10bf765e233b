// Reader-facing text of a bundled spec (every `summary` and `description` a reference page or
// an IDE hover shows) and a check for sentences about how the spec was transcribed instead of
// about the API. Provenance belongs in `x-source` or ERRATA.md, not in reader text.
import type { Doc } from '../../src/spec/openapi.js';

export interface ReaderString {
  /** JSON pointer of the string in the bundle. */
  pointer: string;
  text: string;
}

/** Keys whose values are data (examples, defaults, extensions), never reader text. */
const DATA_KEYS = new Set(['value', 'example', 'examples', 'default', 'enum', 'const']);

export function readerStrings(doc: Doc): ReaderString[] {
  const found: ReaderString[] = [];
  const walk = (node: unknown, pointer: string, parentKey: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${pointer}/${i}`, parentKey));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.startsWith('x-')) continue;
      // `examples` is a map of Example Objects under a media type (walk it), an array of data in a schema (skip it).
      if (DATA_KEYS.has(key) && !(key === 'examples' && value && typeof value === 'object' && !Array.isArray(value))) continue;
      if ((key === 'summary' || key === 'description') && typeof value === 'string' && parentKey !== 'properties') {
        found.push({ pointer: child, text: value });
        continue;
      }
      walk(value, child, key);
    }
  };
  walk(doc, '#', '');
  return found;
}

/** Phrases that talk about the vendor doc or the transcription rather than the API. */
export const TRANSCRIPTION_TALK: RegExp[] = [
  /ERRATA\.md/i,
  /\bthe (vendor'?s? )?(doc|docs|documentation)\b/i,
  /\b(doc|vendor'?s?) page\b/i,
  /\bthe page (says|gives|shows|lists|calls|marks|states)\b/i,
  /\bdoc's\b/i,
  /\bvendor doc/i,
  /transcri/i,
  /^\s*From\b/,
  /\bsaved (copy|page|doc)/i,
  /\binferred\b/i,
  /\b(parameter|body|field|user|response) table\b/i,
  /\bthe prose\b/i,
  /\bcurl example\b/i,
  /\bas given\b/i,
  /\bverbatim\b/i,
  /\bthis spec\b/i,
];

export function talksAboutTranscription(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ');
  return TRANSCRIPTION_TALK.some((re) => re.test(flat));
}
