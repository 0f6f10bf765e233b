// The hand-made pages of the docs site: the landing page and each vendor's errata page.
// System fonts and inline CSS only, so every page works offline.
import { marked } from 'marked';
import { HOST, mockPort } from '../../src/tools/ports.js';
import type { VendorSummary } from '../../src/spec/vendor-summary.js';

const STYLE = `
  :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dfe3ea; --accent: #2456c7; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
  header, main, footer { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
  header { padding-top: 32px; } h1 { margin: 0 0 4px; font-size: 28px; } header p { color: var(--muted); margin: 0 0 24px; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 16px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; }
  .card h2 { margin: 0 0 10px; font-size: 19px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0 0 14px; }
  dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f6; padding: 1px 4px; border-radius: 4px; }
  header a { color: var(--accent); }
  .links a { white-space: nowrap; margin-right: 14px; color: var(--accent); font-weight: 600; text-decoration: none; }
  .links a:hover { text-decoration: underline; }
  footer { color: var(--muted); padding: 28px 24px 40px; }
  article { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 8px 28px 24px; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
  th { background: #eef1f6; } nav { margin: 24px 0 12px; } nav a { color: var(--accent); }
  tr:target { background: #fff6d6; outline: 2px solid #e0b000; } td a { color: inherit; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function renderLandingPage(vendors: VendorSummary[]): string {
  const cards = vendors
    .map((v, i) => {
      const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
      return `<section class="card" data-vendor="${v.name}">
  <h2>${escapeHtml(v.title)}</h2>
  <dl>
    <dt>Operations</dt><dd data-field="operations">${v.operations}${v.webhooks ? ` + ${v.webhooks} webhook event${v.webhooks === 1 ? '' : 's'}` : ''}</dd>
    <dt>Auth</dt><dd>${inline(v.auth)}</dd>
    <dt>Base URL</dt><dd><code>${escapeHtml(v.baseUrl)}</code>${v.baseUrlHasVariables ? ' (server variables: see errata)' : ''}</dd>
    <dt>Mock</dt><dd><code>http://${HOST}:${mockPort(i)}</code> (<code>npm run mock -- ${v.name}</code>)</dd>
    <dt>Client</dt><dd><code>import … from 'vendor-apis/${v.name}'</code></dd>
  </dl>
  <p class="links"><a href="./${v.name}/index.html">API reference</a><a href="./${v.name}/errata.html">Errata</a><a href="./${v.name}/openapi.json">openapi.json</a></p>
</section>`;
    })
    .join('\n');
  const total = vendors.reduce((n, v) => n + v.operations, 0);
  return page(
    'vendor-apis: API reference',
    `<header>
  <h1>vendor-apis</h1>
  <p>Hand-written OpenAPI 3.1 specs for ${vendors.length} vendor APIs (${total} operations), transcribed from the vendors' prose docs. Each reference lists every documented operation and example; each errata page lists what was wrong in the vendor's doc and what the spec decided. New here? Read the <a href="./guide.html">guide to the clients and the mocks</a>.</p>
</header>
<main class="cards">
${cards}
</main>
<footer>Built by <code>npm run docs</code>. Everything here works offline.</footer>`,
  );
}

export function renderGuidePage(markdown: string): string {
  return page(
    'vendor-apis: using the clients and the mocks',
    `<main>
<nav><a href="./index.html">← All vendors</a></nav>
<article>
${anchorRows(marked.parse(markdown, { async: false }))}
</article>
</main>`,
  );
}

export function renderErrataPage(vendor: VendorSummary, markdown: string): string {
  return page(
    `${vendor.title}: errata`,
    `<main>
<nav><a href="../index.html">← All vendors</a> · <a href="./index.html">${escapeHtml(vendor.title)} reference</a></nav>
<article>
${anchorRows(marked.parse(markdown, { async: false }))}
</article>
</main>`,
  );
}

/**
 * Each errata row gets `id="erratum-<N>"` from its number, so the references' notices
 * (`[erratum 7](errata.html#erratum-7)`) open the row itself; `:target` highlights it.
 */
export function anchorRows(html: string): string {
  return html.replace(/<tr>(\s*)<td>(\d+)<\/td>/g, '<tr id="erratum-$2">$1<td><a href="#erratum-$2">$2</a></td>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
