// Command-line parsing shared by every command (mock, start, verify, the vendor-apis bin):
// node:util parseArgs, one-line messages, a "did you mean" for misspelt options and vendors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { listVendors, UsageError, type Vendor } from '../spec/project.js';

type Flags = NonNullable<ParseArgsConfig['options']>;

/** parseArgs (strict, positionals allowed); a mistake throws a one-line UsageError (exit 2) ending with `usage`. */
export function parseCommandLine<F extends Flags>(argv: string[], flags: F, usage: string): ReturnType<typeof parseArgs<{ args: string[]; options: F; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /Unknown option '(--?[\w-]+)'/.exec((error as Error).message)?.[1];
    const hint = unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(flags)) : undefined;
    throw new UsageError(`${unknown ? `Unknown option ${unknown}` : (error as Error).message.split('.')[0]}${hint ? ` (did you mean --${hint}?)` : ''}. ${usage}`, 2);
  }
}

/** findVendor, with a mistake as a one-line UsageError (exit 2) ending with `usage`. */
export function vendorOrUsage(name: string, usage: string, all?: Vendor[]): Vendor {
  try {
    return findVendor(name, all);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. ${usage}`, 2);
  }
}

/** A vendor by name, case-insensitive; an Error with a suggestion and the valid names otherwise. */
export function findVendor(name: string, all: Vendor[] = listVendors()): Vendor {
  const found = all.find((v) => v.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  const hint = didYouMean(name.toLowerCase(), all.map((v) => v.name));
  throw new Error(`Unknown vendor "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; valid: ${all.map((v) => v.name).join(', ')}`);
}

/** The closest candidate within two edits (or a third of the word's length), if any. */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) && best.distance < word.length ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
