// @ts-check
// Changes to the site's copy of the spec for the way Redoc renders it. Each returns a changed deep
// copy; openapi.yaml and the downloads stay as written.
import { isJsonObject } from '../spec/index.mjs';

/**
 * Redoc draws a schema's `x-enumDescriptions` as a table wherever the schema is used, so a list of
 * rails referenced by five properties of one response showed the same table five times. The table
 * stays on the schema's own section (the reference lists every schema); each `$ref` to the schema
 * gets `x-enumDescriptions: null` beside it, so it shows the values in one line and links the schema.
 * @param {Record<string, any>} spec
 */
export function withEnumTablesOnce(spec) {
  const copy = structuredClone(spec);
  const described = new Set(
    Object.entries(copy.components?.schemas ?? {})
      .filter(([, schema]) => isJsonObject(schema) && schema['x-enumDescriptions'] !== undefined)
      .map(([name]) => `#/components/schemas/${name}`),
  );
  visit(copy, (node) => {
    if (typeof node.$ref === 'string' && described.has(node.$ref)) node['x-enumDescriptions'] = null;
  });
  return copy;
}

/**
 * Every `description` run through keepWordBoundaries. Example values are left alone: they are
 * data, not Markdown.
 * @param {Record<string, any>} spec
 */
export function withSearchableDescriptions(spec) {
  const copy = structuredClone(spec);
  visit(copy, (node) => {
    if (typeof node.description === 'string') node.description = keepWordBoundaries(node.description);
  });
  return copy;
}

const SPACE = '&#32;';
const FENCE = /^\s*(?:```|~~~)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
// A line that begins a block of its own rather than continuing the paragraph above it.
const STARTS_BLOCK = /^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|\||```|~~~)/;
const TABLE_ROW = /^\s*\|/;
const DELIMITER_ROW = /^[\s|:-]+$/;
const HARD_BREAK = /(?: {2}|\\)$/;

/**
 * Redoc's search shows text it joins from a description's Markdown nodes without a separator, so
 * a line break inside a paragraph ("origins\nwith"), the end of a list item or of a table cell ran
 * two words together ("originswith"). This joins the lines of each paragraph and list item with a
 * space (the same text to Markdown) and ends each list item and table cell with an encoded space,
 * which the page does not show. Fenced and indented code is left as it is.
 * @param {string} markdown
 */
export function keepWordBoundaries(markdown) {
  /** @type {string[]} */
  const lines = [];
  let inFence = false;
  let continuable = false; // the last line is paragraph or list text that the next line may continue
  for (const line of markdown.split('\n')) {
    const last = lines.length - 1;
    if (inFence || FENCE.test(line) || line.trim() === '' || (!continuable && /^(?: {4}|\t)/.test(line))) {
      if (FENCE.test(line)) inFence = !inFence;
      lines.push(line);
      continuable = false;
    } else if (TABLE_ROW.test(line)) {
      lines.push(DELIMITER_ROW.test(line) ? line : spaceCells(line));
      continuable = false;
    } else if (continuable && !STARTS_BLOCK.test(line) && !HARD_BREAK.test(lines[last] ?? '')) {
      lines[last] = `${lines[last]} ${line.trim()}`;
    } else {
      lines.push(line);
      continuable = !/^\s*(?:#{1,6}\s|>)/.test(line);
    }
  }
  let fenced = false;
  return lines
    .map((line) => {
      if (FENCE.test(line)) fenced = !fenced;
      return !fenced && LIST_ITEM.test(line) && !HARD_BREAK.test(line) ? `${line}${SPACE}` : line;
    })
    .join('\n');
}

/**
 * `| a | b |` -> `| a&#32; | b&#32; |`: a space before each cell's closing pipe (escaped pipes are text).
 * @param {string} row
 */
function spaceCells(row) {
  const spaced = row.replace(/(?<!^\s*)(\s*)(?<!\\)\|/g, `${SPACE}$1|`);
  return /(?<!\\)\|\s*$/.test(row) ? spaced : `${spaced}${SPACE}`;
}

/** Keys whose values are data (examples, defaults, enum values) or code, never Markdown to adjust. */
const DATA_KEYS = new Set(['example', 'value', 'default', 'enum', 'const', 'x-codeSamples']);

/**
 * Calls `change` on every object of the tree except inside data, depth first.
 * @param {unknown} node
 * @param {(node: Record<string, any>) => void} change
 */
function visit(node, change) {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, change);
    return;
  }
  if (!isJsonObject(node)) return;
  change(node);
  for (const [key, child] of Object.entries(node)) {
    // JSON Schema `examples` is a list of values; an OpenAPI `examples` map holds Example objects.
    if (DATA_KEYS.has(key) || (key === 'examples' && Array.isArray(child))) continue;
    visit(child, change);
  }
}
