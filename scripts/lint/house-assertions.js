// Custom assertions for the configurable rules in redocly.yaml. Built-in assertions only see the
// resolved node, and compare keys or scalar values. Two house rules need more:
// - rule/property-description: a description written next to a $ref (OpenAPI 3.1 allows it) is
//   dropped when Redocly resolves the $ref, so the built-in nonEmpty reports a false positive;
// - rule/no-call-header-parameters: "this parameter is not the header X" (a where-gate cannot
//   look at the subject's own name).
// Subjects and where-gates stay in redocly.yaml; only these predicates live here.

/**
 * Like the built-in `nonEmpty: true`, but a non-empty value next to the node's `$ref` counts too.
 * Reports on the node as written (the property), not on the schema the $ref points to.
 */
function nonEmptyOrRefSibling(resolvedValue, _enabled, { rawValue, rawLocation }) {
  const isNonEmpty = (value) => typeof value === 'string' && value.trim() !== '';
  if (isNonEmpty(rawValue) || isNonEmpty(resolvedValue)) return [];
  return [{ message: 'Should not be empty', location: rawLocation }];
}

/**
 * Fails a header parameter with one of `names` (header names are case-insensitive). Without a
 * `property`, an assertion is handed the node's keys; the parameter itself is `node`, already
 * resolved, and `location` is where it is defined (the shared component, for a $ref).
 */
function notHeaderNamed(_keys, names, { node, location }) {
  const name = String(node?.name).toLowerCase();
  if (node?.in !== 'header' || !names.some((candidate) => candidate.toLowerCase() === name)) return [];
  return [{ message: `header parameter "${node.name}"`, location }];
}

export default function houseAssertions() {
  return { id: 'house', assertions: { nonEmptyOrRefSibling, notHeaderNamed } };
}
