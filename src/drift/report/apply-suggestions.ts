// The suggested spec changes of a drift report applied to a copy of openapi.yaml, the way a person
// would: each fragment replaces (or adds) the node its pointer names, in report order, and the rest
// of the file (comments, order, quoting) stays as it was. The report lints that copy so that each
// suggestion says which house rule it would break; openapi.yaml itself is never edited.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node } from 'yaml';
import { lintFiles } from '../../../lib/redocly-lint.mjs';
import { parsePointer } from '../../../lib/spec/index.mjs';
import type { ReportedFinding } from './build-report.js';
import type { Suggestion } from './suggest.js';

export function applySuggestions(specText: string, suggestions: readonly Suggestion[]): string {
  const document = parseDocument(specText);
  for (const suggestion of suggestions) {
    const segments = parsePointer(suggestion.pointer.slice(1));
    const key = segments.pop() ?? '';
    const fragment = parse(suggestion.yaml) as Record<string, unknown>;
    expectSingleKey(fragment, key, suggestion.pointer);
    const parent = nodeAt(document, segments, suggestion.pointer);
    if (isSeq(parent)) parent.set(Number(key), document.createNode(fragment[key]));
    else if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair) pair.value = document.createNode(fragment[key]);
      else parent.add(document.createPair(key, fragment[key]));
    } else throw new Error(`${suggestion.pointer}: its parent is not a map or list`);
  }
  return document.toString();
}

function expectSingleKey(fragment: Record<string, unknown>, key: string, pointer: string): void {
  const keys = Object.keys(fragment ?? {});
  if (keys.length !== 1 || keys[0] !== key) throw new Error(`${pointer}: the fragment is not one node under the key "${key}" (${keys.join(', ')})`);
}

/** The node at the segments, matching keys by their text (YAML may read `200:` as a number). */
function nodeAt(document: Document, segments: string[], pointer: string): Node {
  let current: unknown = document.contents;
  for (const segment of segments) {
    if (isMap(current)) current = current.items.find((item) => isScalar(item.key) && String(item.key.value) === segment)?.value;
    else if (isSeq(current)) current = current.items[Number(segment)];
    else current = undefined;
    if (current === undefined) throw new Error(`${pointer}: no node at segment "${segment}"`);
  }
  return current as Node;
}

/**
 * The findings with `suggestion.lint` set where `npm run lint` would refuse the spec with every
 * suggestion applied: each problem goes to the suggestion whose node it is in (or, for a problem
 * about a node around it, the suggestion it shares the longest pointer with).
 */
export async function withLintedSuggestions(findings: ReportedFinding[], specFile: string): Promise<ReportedFinding[]> {
  const suggested = findings.filter((finding) => finding.suggestion);
  if (suggested.length === 0) return findings;
  const dir = mkdtempSync(join(tmpdir(), 'drift-suggestions-'));
  try {
    const copy = join(dir, 'openapi.yaml');
    writeFileSync(copy, applySuggestions(readFileSync(specFile, 'utf8'), suggested.map((finding) => finding.suggestion as Suggestion)));
    const problems = ((await lintFiles([copy])).get(copy) ?? []).filter((problem) => problem.severity === 'error');
    const notes = new Map<Suggestion, string[]>();
    for (const problem of problems) {
      const at = problem.location[0]?.pointer ?? '#';
      const owner = suggested.map((finding) => finding.suggestion as Suggestion).sort((a, b) => shared(b.pointer, at) - shared(a.pointer, at))[0];
      if (owner) notes.set(owner, [...(notes.get(owner) ?? []), `${problem.ruleId}: ${problem.message}`]);
    }
    return findings.map((finding) => {
      const lint = finding.suggestion ? notes.get(finding.suggestion) : undefined;
      return lint && finding.suggestion ? { ...finding, suggestion: { ...finding.suggestion, lint } } : finding;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many pointer segments two pointers share from the start. */
function shared(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  let count = 0;
  while (count < left.length && left[count] === right[count]) count += 1;
  return count;
}
