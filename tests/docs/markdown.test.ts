// renderMarkdown publishes the drift report, which quotes server output: a link or image may only
// point at http(s), mailto, a fragment or a relative URL; anything else is rendered as its text.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/docs/pages.mjs';

/** The href/src attributes in the rendered HTML. */
const urlsIn = (html: string): string[] => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]!);

describe('renderMarkdown link and image URLs', () => {
  const dangerous = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)', // leading space inside the parentheses
    // marked leaves character references in the attribute, where the browser decodes them ...
    'javascript&#58;alert(1)',
    'javascript&#x3A;alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '&#32;javascript:alert(1)', // ... then drops leading spaces,
    'java&Tab;script:alert(1)', // tabs
    'java&#x0A;script:alert(1)', // and newlines
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,x',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
  ];

  it.each(dangerous)('renders a link to %j as its text only', (url) => {
    const html = renderMarkdown(`See [the details](${url}) here.`);
    expect(urlsIn(html)).toEqual([]);
    expect(html).toContain('<p>See the details here.</p>');
  });

  it.each(dangerous)('renders an image of %j as its alt text only', (url) => {
    const html = renderMarkdown(`![a chart](${url})`);
    expect(urlsIn(html)).toEqual([]);
    expect(html).toContain('<p>a chart</p>');
  });

  it('neutralises reference-style links and autolinks too', () => {
    const html = renderMarkdown('[the run][run] and <javascript:alert(1)>\n\n[run]: javascript&#58;alert(1)\n');
    expect(urlsIn(html)).toEqual([]);
    expect(html).toContain('the run and javascript:alert(1)');
  });

  it('keeps the markup of a neutralised link text', () => {
    expect(renderMarkdown('[**bold**](javascript:alert(1))')).toContain('<p><strong>bold</strong></p>');
  });

  it('keeps http(s), mailto, relative and fragment links and images', () => {
    const markdown = [
      '[sandbox](https://api.conomyhq.com/sandbox/payments?limit=1&offset=2)',
      '[plain](http://127.0.0.1:4010/auth)',
      '<https://example.com/autolinked>',
      '[mail](mailto:api@example.com)',
      '[register](discrepancies.html#d3)',
      '[up](../docs/discrepancies.md)',
      '[entry](#d3-amounts-are-strings)',
      '![chart](reports/docs.png)',
    ].join('\n\n');
    expect(urlsIn(renderMarkdown(markdown))).toEqual([
      'https://api.conomyhq.com/sandbox/payments?limit=1&amp;offset=2',
      'http://127.0.0.1:4010/auth',
      'https://example.com/autolinked',
      'mailto:api@example.com',
      'discrepancies.html#d3',
      '../docs/discrepancies.md',
      '#d3-amounts-are-strings',
      'reports/docs.png',
    ]);
  });
});
