// Reads the discrepancy register (docs/discrepancies.md): one `## Dn. Title` heading per entry, with
// labelled lines below it, among them `- **Spec nodes:**` (JSON pointers in backticks, written
// `#/paths/~1auth/post`) or `- **Not in the spec because:**`. Any other `## ` heading ends an entry.

/**
 * @param {string} text the register's Markdown
 * @returns {{ id: string, title: string, anchor: string, body: string, specNodes: string[], notInSpec: boolean }[]}
 *   anchor: GitHub's anchor for the heading; body: the entry's lines below its heading;
 *   specNodes: the pointers of its Spec nodes line(s), as written (`#/...`)
 */
export function parseRegister(text) {
  const entries = [];
  let current;
  for (const line of text.split('\n')) {
    const heading = /^## (D\d+)\.\s+(.+)$/.exec(line);
    if (heading) {
      current = { id: heading[1], title: heading[2].trim(), anchor: githubSlug(line.slice(3)), lines: [] };
      entries.push(current);
    } else if (line.startsWith('## ')) {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  return entries.map(({ lines, ...entry }) => {
    const specNodes = lines
      .filter((line) => line.startsWith('- **Spec nodes:**'))
      .flatMap((line) => [...line.matchAll(/`(#\/[^`]*)`/g)].map((match) => match[1]));
    const notInSpec = lines.some((line) => line.startsWith('- **Not in the spec because:**'));
    return { ...entry, body: lines.join('\n').trim(), specNodes, notInSpec };
  });
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ dropped, each space a hyphen. */
export function githubSlug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
