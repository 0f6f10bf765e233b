// Prints, per vendor, how many reader-facing strings of the bundle talk about the vendor doc
// or the transcription (see scripts/lib/reader-text.ts); `--list` prints each with its pointer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readerStrings, talksAboutTranscription } from './lib/reader-text.js';

const args = process.argv.slice(2);
const list = args.includes('--list');
const names = args.filter((a) => !a.startsWith('--'));
const vendors = names.length ? names : ['groupboss', 'falkor', 'gottaphish', 'mobilize', 'workdrive'];
for (const name of vendors) {
  const doc = JSON.parse(readFileSync(path.join('generated', name, 'openapi.json'), 'utf8'));
  const strings = readerStrings(doc);
  const flagged = strings.filter((s) => talksAboutTranscription(s.text));
  console.log(`${name}: ${flagged.length} of ${strings.length} (${((100 * flagged.length) / strings.length).toFixed(1)} %)`);
  if (list) for (const s of flagged) console.log(`  ${s.pointer}\n    ${s.text.replace(/\n/g, ' ').slice(0, 300)}`);
}
