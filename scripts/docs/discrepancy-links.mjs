// Connects the discrepancy register (docs/discrepancies.md) to the operations of the spec, so the
// reference can link each operation to the register entries that explain how it was modelled.
//
// An entry concerns an operation when one of its spec nodes lies inside the operation, inside its
// path item, or inside a component the operation reaches through $ref (transitively) or through its
// security requirements. Spec nodes come from two places that should agree: the entry's
// "Spec nodes" line in the register and the `x-discrepancy` markers in the spec. Both are used.
// The entries come from parseRegister (lib/register.mjs).
import { escapeSegment, listOperations, refsUnder, refToPointer, valueAt, valueAtRef } from '../../lib/spec/index.mjs';

/** The anchor of a register entry on the site's register page: D12 -> d12. */
export function entryAnchor(id) {
  return id.toLowerCase();
}

/**
 * Maps each operation pointer to the register ids that concern it, split in two sorted lists:
 * `direct` (a node of the operation or its path item) and `shared` (a component it uses, such as a
 * schema or a shared response). Also lists the problems found on the way (pointers that resolve
 * to nothing, ids without an entry).
 */
export function discrepanciesByOperation(spec, entries) {
  const problems = [];
  const known = new Set(entries.map((entry) => entry.id));
  const marks = [];
  for (const entry of entries) {
    for (const node of entry.specNodes) {
      if (valueAtRef(spec, node) === undefined) problems.push(`${entry.id}: spec node ${node} does not exist in the spec`);
      marks.push({ pointer: refToPointer(node), id: entry.id });
    }
  }
  for (const { pointer, ids } of findMarkers(spec)) {
    for (const id of ids) {
      if (!known.has(id)) problems.push(`x-discrepancy ${id} at #${pointer} has no entry in the register`);
      else marks.push({ pointer, id });
    }
  }

  const byOperation = new Map();
  for (const op of listOperations(spec)) {
    const reached = reachedPointers(spec, op);
    const direct = new Set();
    const shared = new Set();
    for (const mark of marks) {
      if (isInOperation(mark.pointer, op)) direct.add(mark.id);
      else if ([...reached].some((node) => isSameOrNested(mark.pointer, node))) shared.add(mark.id);
    }
    byOperation.set(op.pointer, { direct: sortIds(direct), shared: sortIds([...shared].filter((id) => !direct.has(id))) });
  }
  return { byOperation, problems };
}

/**
 * Returns a deep copy of the spec whose operation descriptions end with links to the register
 * entries that concern them. Only the copy rendered as HTML gets this; the downloads stay as written.
 */
export function withDiscrepancyLinks(spec, entries, registerHref) {
  const linked = structuredClone(spec);
  const { byOperation } = discrepanciesByOperation(linked, entries);
  const titles = new Map(entries.map((entry) => [entry.id, entry.title]));
  const href = (id) => `${registerHref}#${entryAnchor(id)}`;
  for (const { operation, pointer } of listOperations(linked)) {
    const { direct, shared } = byOperation.get(pointer);
    if (direct.length === 0 && shared.length === 0) continue;
    const lines = [`**Where Conomy's documentation disagrees** ([discrepancy register](${registerHref})):`, ''];
    for (const id of direct) lines.push(`- [${id}. ${titles.get(id)}](${href(id)})`);
    if (shared.length > 0) {
      const links = shared.map((id) => `[${id}](${href(id)} "${titles.get(id).replace(/"/g, "'")}")`);
      lines.push(`- In the shared schemas, parameters and responses it uses: ${links.join(', ')}`);
    }
    const note = lines.join('\n');
    operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${note}` : note;
  }
  return linked;
}

/** True when `pointer` is the operation, lies inside it, contains it, or is in its path item's parameters. */
function isInOperation(pointer, { pointer: operationPointer, pathItemPointer }) {
  return isSameOrNested(pointer, operationPointer) || isSameOrNested(pointer, `${pathItemPointer}/parameters`);
}

function sortIds(ids) {
  return [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/** True when `pointer` is `node`, lies inside it, or contains it (a path item contains its operations). */
function isSameOrNested(pointer, node) {
  return pointer === node || pointer.startsWith(`${node}/`) || node.startsWith(`${pointer}/`);
}

/** Every node carrying `x-discrepancy`, with its pointer. */
function findMarkers(node, pointer = '', found = []) {
  if (node === null || typeof node !== 'object') return found;
  if (Array.isArray(node['x-discrepancy'])) found.push({ pointer, ids: node['x-discrepancy'] });
  for (const [key, child] of Object.entries(node)) findMarkers(child, `${pointer}/${escapeSegment(String(key))}`, found);
  return found;
}

/** The operation's own pointer, its path-level parameters, and every component it reaches. */
function reachedPointers(spec, { operation, pathItem, pointer, pathItemPointer }) {
  const reached = new Set([pointer, `${pathItemPointer}/parameters`]);
  const security = operation.security ?? spec.security ?? [];
  for (const requirement of security) {
    for (const scheme of Object.keys(requirement)) reached.add(`/components/securitySchemes/${escapeSegment(scheme)}`);
  }
  const pending = [operation, pathItem.parameters];
  while (pending.length > 0) {
    for (const ref of refsUnder(pending.pop())) {
      const target = refToPointer(ref);
      if (reached.has(target)) continue;
      reached.add(target);
      pending.push(valueAt(spec, target));
    }
  }
  return reached;
}

