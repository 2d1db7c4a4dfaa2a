// The site's copy of the spec is changed for Redoc (lib/docs/redoc-spec.mjs): enum tables on the
// schema only, and descriptions whose words Redoc's search cannot run together. Both must leave what
// a reader sees unchanged; they are tried on every description and schema of openapi.yaml.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { keepWordBoundaries, withEnumTablesOnce, withSearchableDescriptions } from '../../lib/docs/redoc-spec.mjs';
import { readSpec } from '../../lib/spec/index.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
const spec = readSpec(join(repoRoot, 'openapi.yaml')) as Node;

/** Every value under `key` in the tree, with where it is. */
function collect(node: unknown, key: string, at = '', found: Array<{ at: string; value: unknown }> = []) {
  if (node === null || typeof node !== 'object') return found;
  for (const [name, child] of Object.entries(node)) {
    if (name === key) found.push({ at: `${at}/${name}`, value: child });
    collect(child, key, `${at}/${name}`, found);
  }
  return found;
}

const descriptions = collect(spec, 'description').filter((found): found is { at: string; value: string } => typeof found.value === 'string');
const marked = new Marked({ gfm: true });
/** What a reader sees: the rendered text, whitespace collapsed. */
const seen = (markdown: string) =>
  (marked.parse(markdown, { async: false }) as string).replace(/&#32;| /g, ' ').replace(/\s+/g, ' ').replace(/ <\//g, '</').trim();

describe('keepWordBoundaries', () => {
  it('joins the lines of paragraphs and list items, and ends items and table cells with a space', () => {
    const markdown = ['Send the payment origins', 'with the payload.', '', '- one', '  item', '- two', '', '| A | B |', '|---|---|', '| x | `y` |'].join('\n');
    expect(keepWordBoundaries(markdown).split('\n')).toEqual([
      'Send the payment origins with the payload.',
      '',
      '- one item&#32;',
      '- two&#32;',
      '',
      '| A&#32; | B&#32; |',
      '|---|---|',
      '| x&#32; | `y`&#32; |',
    ]);
  });

  it('leaves headings, fenced and indented code, hard breaks and escaped pipes as they are', () => {
    const markdown = ['# Title', 'text', '```', 'a', '- b', '```', '', '    code', '    more', '', 'break  ', 'here', '', '| a \\| b |'].join('\n');
    expect(keepWordBoundaries(markdown).split('\n')).toEqual([
      '# Title',
      'text',
      '```',
      'a',
      '- b',
      '```',
      '',
      '    code',
      '    more',
      '',
      'break  ',
      'here',
      '',
      '| a \\| b&#32; |',
    ]);
  });

  it('changes no rendered text of any description in openapi.yaml, and leaves no line break inside a paragraph', () => {
    expect(descriptions.length).toBeGreaterThan(100);
    const wrapped = descriptions.filter(({ value }) => /\S\n\S/.test(value));
    expect(wrapped.length, 'descriptions that wrap lines').toBeGreaterThan(10);
    for (const { at, value } of descriptions) {
      const adjusted = keepWordBoundaries(value);
      expect(seen(adjusted), at).toBe(seen(value));
      const paragraphs = marked.lexer(adjusted).filter((token: Token) => token.type === 'paragraph');
      for (const paragraph of paragraphs) expect(paragraph.raw.trim(), at).not.toContain('\n');
    }
  });
});

describe('withSearchableDescriptions', () => {
  it('adjusts descriptions and no example value', () => {
    const adjusted = withSearchableDescriptions(spec);
    for (const key of ['example', 'examples', 'value', 'default', 'enum']) expect(collect(adjusted, key), key).toEqual(collect(spec, key));
    const adjustedDescriptions = collect(adjusted, 'description').filter(({ value }) => typeof value === 'string');
    expect(adjustedDescriptions.map(({ at }) => at)).toEqual(descriptions.map(({ at }) => at));
    expect(adjustedDescriptions.map(({ value }) => value)).toEqual(descriptions.map(({ value }) => keepWordBoundaries(value)));
    expect(adjusted.paths['/checkout-sessions/{checkoutSessionId}/payments'].post.description).toContain('payment origins with the');
  });
});

describe('withEnumTablesOnce', () => {
  it("keeps each enum table on its schema and turns it off at every reference, leaving the spec as it was", () => {
    const before = structuredClone(spec);
    const adjusted = withEnumTablesOnce(spec);
    expect(spec).toEqual(before);
    const tabled = Object.entries<Node>(spec.components.schemas).filter(([, schema]) => schema['x-enumDescriptions'] !== undefined);
    expect(tabled.map(([name]) => name)).toContain('PaymentNodeType');
    for (const [name, schema] of tabled) {
      expect(adjusted.components.schemas[name]['x-enumDescriptions']).toEqual(schema['x-enumDescriptions']);
      const references = collect(adjusted, '$ref').filter(({ value }) => value === `#/components/schemas/${name}`);
      expect(references.length, name).toBeGreaterThan(1);
      const siblings = collect(adjusted, 'x-enumDescriptions').filter(({ value }) => value === null);
      expect(siblings.map(({ at }) => at.replace(/\/x-enumDescriptions$/, ''))).toEqual(
        expect.arrayContaining(references.map(({ at }) => at.replace(/\/\$ref$/, ''))),
      );
    }
  });
});
