// The HTML around the docs: one self-contained layout (inline CSS, no external assets) shared by the
// Redoc template and the pages rendered from markdown, so every page has the same header and links.
import { Marked } from 'marked';

/** Height of the header where it is one sticky row (WIDE_SCREEN). */
const HEADER_HEIGHT = 56;

/** From this width the header's one row fits (project, spec version, five links): it stays on top. */
const WIDE_SCREEN = 1280;

// Narrower screens get a header that wraps onto more rows and scrolls away with the page, so every
// link stays reachable without a fixed bar taking a phone's screen.
const STYLE = `
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1f24; }
  .site-header { position: static; z-index: 1000; box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: center;
    gap: 6px 16px; padding: 10px 16px; background: #14284b; color: #fff; }
  .site-header .project { font-weight: 600; font-size: 16px; overflow-wrap: anywhere; }
  .site-header .spec { font-size: 14px; opacity: 0.85; }
  .site-header nav { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 14px; }
  .site-header a { color: #fff; text-decoration: none; }
  .site-header a:hover, .site-header a:focus { text-decoration: underline; }
  .site-header a[aria-current="page"] { border-bottom: 2px solid #fff; }
  @media (min-width: ${WIDE_SCREEN}px) {
    .site-header { position: sticky; top: 0; height: ${HEADER_HEIGHT}px; flex-wrap: nowrap; padding: 0 24px; white-space: nowrap; }
    .site-header .spec { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
    .site-header nav { margin-left: auto; flex-wrap: nowrap; gap: 16px; }
    main.page h1, main.page h2, main.page h3 { scroll-margin-top: ${HEADER_HEIGHT + 16}px; }
  }
  main.page { max-width: 980px; margin: 0 auto; padding: 8px 24px 48px; line-height: 1.55; }
  main.page h2 { margin-top: 2em; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
  main.page table { border-collapse: collapse; }
  main.page th, main.page td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
  main.page code { background: #f3f4f6; padding: 1px 4px; border-radius: 4px; font-size: 90%; overflow-wrap: anywhere; }
  main.page pre { background: #f6f8fa; padding: 12px; overflow: auto; }
  main.page pre code { background: none; padding: 0; }
  main.page .concerns { font-size: 14px; color: #3d4751; }
  main.page .notice { padding: 16px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
`;

/** The global function Redoc calls for its scroll offset: the header's height while it sticks on top, else 0. */
export const HEADER_OFFSET_FUNCTION = 'siteHeaderOffset';
export const HEADER_OFFSET_SCRIPT = `<script>
  function ${HEADER_OFFSET_FUNCTION}() {
    var header = document.querySelector('.site-header');
    return header && getComputedStyle(header).position === 'sticky' ? header.getBoundingClientRect().height : 0;
  }
</script>`;

/**
 * A complete HTML page with the site header.
 * @param {{ title: string, project: string, specTitle: string, specVersion: string,
 *   current: 'reference' | 'discrepancies' | 'drift', body: string, head?: string }} page
 * Text arguments are plain text; `body` and `head` are HTML.
 */
export function renderPage({ title, project, specTitle, specVersion, current, body, head = '' }) {
  const link = (name, href, label) =>
    `<a href="${href}"${name === current ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>${STYLE}</style>
  ${head}
</head>
<body>
  <header class="site-header">
    <a class="project" href="index.html">${escapeHtml(project)}</a>
    <span class="spec">${escapeHtml(specTitle)} · spec version ${escapeHtml(specVersion)}</span>
    <nav aria-label="Site">
      ${link('reference', 'index.html', 'API reference')}
      ${link('discrepancies', 'discrepancies.html', 'Discrepancy register')}
      ${link('drift', 'drift.html', 'Drift report')}
      <a href="openapi.yaml" download>openapi.yaml</a>
      <a href="openapi.json" download>openapi.json</a>
    </nav>
  </header>
  ${body}
</body>
</html>
`;
}

/**
 * Renders repository markdown to HTML. A drift report quotes server output, so the markdown is not
 * trusted: raw HTML is shown as text, and a link or image whose URL is not http(s), mailto, a
 * fragment or relative is shown as its text only. Headings get ids; `## D12. Title` gets the
 * register anchor `d12`.
 * @param {string} markdown
 * @param {(anchor: string) => string} [afterHeading] extra HTML to place right after a heading
 */
export function renderMarkdown(markdown, afterHeading = () => '') {
  const used = new Map();
  const uniqueId = (base) => {
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const entry = /^(D\d+)\./.exec(text);
        const id = uniqueId(entry ? entry[1].toLowerCase() : slug(text));
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n${afterHeading(id)}`;
      },
      html({ text }) {
        return escapeHtml(text);
      },
      // Returning false hands a safe link or image to marked's own renderer.
      link({ href, text, tokens, autolink }) {
        if (isSafeUrl(href)) return false;
        return autolink ? escapeHtml(text) : this.parser.parseInline(tokens);
      },
      image({ href, text }) {
        return isSafeUrl(href) ? false : escapeHtml(text);
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether a link destination is http(s), mailto, a fragment or relative. `href` is what marked puts
 * in the attribute, where the browser still decodes character references and drops tabs, newlines
 * and surrounding control characters; the scheme is judged on that decoded form. A reference this
 * does not decode, left in front of the path, could hide a scheme, so such a URL is refused.
 * @param {string} href
 */
export function isSafeUrl(href) {
  const decoded = href
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => codePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal) => codePoint(parseInt(decimal, 10)))
    .replace(/&colon;/gi, ':')
    .replace(/&(?:tab|newline);/gi, '');
  const url = decoded.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  const beforePath = url.split(/[/?#]/, 1)[0] ?? '';
  if (beforePath.includes('&')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url);
  return scheme === null || SAFE_SCHEMES.has(scheme[1]);
}

function codePoint(value) {
  return value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd';
}

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'section';
}
