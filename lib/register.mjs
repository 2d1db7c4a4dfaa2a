// @ts-check
// Reads the discrepancy register (docs/discrepancies.md): one `## Dn. Title` heading per entry, with
// labelled lines below it, among them `- **Spec nodes:**` (JSON pointers in backticks, written
// `#/paths/~1auth/post`) or `- **Not in the spec because:**`. Any other `## ` heading ends an entry.

const SPEC_NODE = /`(#\/[^`]*)`/g;

/** @param {string} line */
const isSpecNodesLine = (line) => line.startsWith('- **Spec nodes:**');

/**
 * @typedef {object} RegisterEntry
 * @property {string} id `D12`
 * @property {string} title
 * @property {string} anchor GitHub's anchor for the entry's heading
 * @property {string} body the entry's lines below its heading
 * @property {string[]} specNodes the JSON pointers of its Spec nodes line(s), as written (`#/...`)
 * @property {boolean} notInSpec
 */

/**
 * @param {string} text the register's Markdown
 * @returns {RegisterEntry[]}
 */
export function parseRegister(text) {
  /** @type {{ id: string, title: string, anchor: string, lines: string[] }[]} */
  const entries = [];
  /** @type {(typeof entries)[number] | undefined} */
  let current;
  for (const line of text.split('\n')) {
    const heading = /^## (D\d+)\.\s+(.+)$/.exec(line);
    if (heading) {
      current = { id: String(heading[1]), title: String(heading[2]).trim(), anchor: githubSlug(line.slice(3)), lines: [] };
      entries.push(current);
    } else if (line.startsWith('## ')) {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  return entries.map(({ lines, ...entry }) => {
    const specNodes = lines.filter(isSpecNodesLine).flatMap((line) => [...line.matchAll(SPEC_NODE)].map((match) => String(match[1])));
    const notInSpec = lines.some((line) => line.startsWith('- **Not in the spec because:**'));
    return { ...entry, body: lines.join('\n').trim(), specNodes, notInSpec };
  });
}

/**
 * The register's Markdown with every JSON pointer on a Spec nodes line turned into a link to `hrefOf(pointer)`.
 * @param {string} text
 * @param {(pointer: string) => string} hrefOf
 */
export function linkSpecNodes(text, hrefOf) {
  return text
    .split('\n')
    .map((line) => (isSpecNodesLine(line) ? line.replace(SPEC_NODE, (code, pointer) => `[${code}](<${hrefOf(pointer)}>)`) : line))
    .join('\n');
}

/**
 * GitHub's heading anchor: lower case, punctuation other than - and _ dropped, each space a hyphen.
 * @param {string} heading
 */
export function githubSlug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
