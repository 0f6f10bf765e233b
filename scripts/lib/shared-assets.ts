// Light reference pages: Redocly's `build-docs --inlineBundle` writes into every page its own
// copy of the Redoc bundle (one ES module script of about 2.3 MB) and of the styles its server
// render produced (about 250 kB). This takes both out and ships them once per site, as files
// whose names carry a hash of their content (so a browser may cache them for good):
//   assets/redoc-<hash>.js    the Redoc bundle as a classic script (esbuild: ESM → IIFE that
//                             sets `Redoc`), because a module script does not load from file://
//   assets/redoc-<hash>.css   the style rules every reference page shares
// Each page keeps its spec, its server-rendered HTML and the few style rules of its own.
import { createHash } from 'node:crypto';
import { transform } from 'esbuild';

/** The parts of a build-docs page this module moves; a build-docs upgrade that changes them fails loudly here. */
interface ReferenceParts {
  before: string; // everything up to the styled-components style tag
  styleOpen: string;
  rules: string[];
  middle: string; // from the end of the style tag to the start of the Redoc module script
  bundle: string; // the module's code up to the page's own definitions
  pageScript: string; // `const __redoc_definition = …; hydrate(…)`
  after: string; // from the end of that script
}

const STYLE = /<style data-styled="true"[^>]*>/;
const MODULE_OPEN = '<script type="module">';
const PAGE_START = 'const __redoc_definition';
const RULE_END = '/*!sc*/\n';

function splitReference(html: string, name: string): ReferenceParts {
  const fail = (what: string) => {
    throw new Error(`${name}: Redocly build-docs output has changed (${what}); scripts/lib/shared-assets.ts needs updating`);
  };
  const style = STYLE.exec(html);
  if (!style) fail('no <style data-styled> tag');
  const styleStart = style!.index;
  const cssStart = styleStart + style![0].length;
  const cssEnd = html.indexOf('</style>', cssStart);
  const moduleStart = html.indexOf(MODULE_OPEN, cssEnd);
  const pageStart = html.indexOf(PAGE_START, moduleStart);
  const scriptEnd = html.indexOf('</script>', pageStart);
  if (cssEnd < 0 || moduleStart < 0 || pageStart < 0 || scriptEnd < 0) fail('no Redoc module script followed by the page definition');
  const bundle = html.slice(moduleStart + MODULE_OPEN.length, pageStart);
  if (!/export\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}/.test(bundle)) fail('the bundle no longer exports hydrate');
  const pageScript = html.slice(pageStart, scriptEnd);
  if (!/^\s*hydrate\(__redoc_definition/m.test(pageScript)) fail('the page no longer calls hydrate(__redoc_definition, …)');
  const css = html.slice(cssStart, cssEnd);
  return {
    before: html.slice(0, styleStart),
    styleOpen: style![0],
    rules: css.split(RULE_END).filter((rule) => rule !== ''),
    middle: html.slice(cssEnd + '</style>'.length, moduleStart),
    bundle,
    pageScript,
    after: html.slice(scriptEnd + '</script>'.length),
  };
}

export interface SharedSite {
  /** File name under assets/ → content. */
  assets: Map<string, string>;
  /** The pages, in the order given, now loading the shared files from `assetsHref`. */
  pages: string[];
}

const hashName = (prefix: string, ext: string, content: string) => `${prefix}-${createHash('sha256').update(content).digest('hex').slice(0, 12)}.${ext}`;

/**
 * Takes the bundle and the common styles out of every page (each as build-docs wrote it).
 * `assetsHref` is the assets folder as a page links it (`../assets`). Every page must carry
 * the same bundle: pages of one build do.
 */
export async function shareAssets(pages: Array<{ name: string; html: string }>, assetsHref: string): Promise<SharedSite> {
  const parts = pages.map(({ name, html }) => splitReference(html, name));
  const bundles = new Set(parts.map((p) => p.bundle));
  if (bundles.size > 1) throw new Error(`the reference pages carry ${bundles.size} different Redoc bundles; build them with one Redocly CLI`);
  const assets = new Map<string, string>();
  let scriptName = '';
  if (parts.length) {
    // Classic script: keeps the page working from file:// (Chromium refuses module scripts there).
    const { code } = await transform(parts[0]!.bundle, { format: 'iife', globalName: 'Redoc', minifyWhitespace: true, legalComments: 'inline', logLevel: 'silent' });
    scriptName = hashName('redoc', 'js', code);
    assets.set(scriptName, code);
  }
  // A rule every page has goes to the shared sheet, in the first page's order; the rest stays.
  const ruleSets = parts.map((p) => new Set(p.rules));
  const shared = parts.length ? parts[0]!.rules.filter((rule) => ruleSets.every((set) => set.has(rule))) : [];
  const sharedSet = new Set(shared);
  const css = shared.map((rule) => rule + RULE_END).join('');
  const cssName = hashName('redoc', 'css', css);
  if (shared.length) assets.set(cssName, css);
  const out = parts.map((p) => {
    const own = p.rules.filter((rule) => !sharedSet.has(rule));
    const link = shared.length ? `<link rel="stylesheet" href="${assetsHref}/${cssName}">` : '';
    const style = own.length ? `${p.styleOpen}${own.map((rule) => rule + RULE_END).join('')}</style>` : '';
    // The page script ran as a module, after parsing; at the end of <body> a classic script
    // after the bundle's runs at the same point, with `hydrate` from the bundle's global.
    const script = `<script src="${assetsHref}/${scriptName}"></script>\n<script>{ const { hydrate } = Redoc;\n${p.pageScript}}</script>`;
    return `${p.before}${link}${style}${p.middle}${script}${p.after}`;
  });
  return { assets, pages: out };
}
