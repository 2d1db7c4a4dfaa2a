// Applies the suggested spec changes of a drift report to the text of an openapi.yaml, the way a
// person would: each fragment replaces (or adds) the node its pointer names, in report order, and
// the rest of the file (comments, order, quoting) stays as it was. For tests only: the kit itself
// never edits openapi.yaml.
import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node } from 'yaml';
import type { Suggestion } from '../contract/drift/suggest.js';
import { parsePointer } from '../contract/support/json-pointer.js';

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
