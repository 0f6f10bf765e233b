// Redocly's build-docs output, made to load nothing from another host. With --inlineBundle
// the Redoc script is embedded, but its "API docs by Redocly" badge still fetches its logo
// from a CDN; the badge is a link, so the logo URLs are swapped for an inline SVG.
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#8c8c8c"/></svg>',
)}`;

const CDN_ASSETS = [/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g];

export function makeOffline(html: string): string {
  return CDN_ASSETS.reduce((out, pattern) => out.replace(pattern, INLINE_LOGO), html);
}

/** URLs the page would load (src, link href, CSS url()) from a host other than its own. */
export function externalResourceUrls(html: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi,
    /<link\b[^>]*\bhref\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi,
    /url\(\s*["']?(https?:)?\/\/[^)"']+/gi,
    /@import\s+["'](https?:)?\/\/[^"']+/gi,
    /src\s*:\s*`https?:\/\/[^`]+`/g,
    /["'`]https:\/\/cdn\.[^"'`]+\.(?:svg|png|js|css|woff2?)["'`]/g,
  ];
  for (const pattern of patterns) for (const match of html.matchAll(pattern)) found.add(match[0]);
  return [...found];
}
