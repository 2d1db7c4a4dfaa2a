// Custom assertions for the configurable rules in redocly.yaml. Built-in assertions only see the
// resolved node, and compare keys or scalar values. Two house rules need more:
// - rule/operation-user-agent: "this list holds an item whose $ref is X" (list items stay unresolved);
// - rule/property-description: a description written next to a $ref (OpenAPI 3.1 allows it) is
//   dropped when Redocly resolves the $ref, so the built-in nonEmpty reports a false positive.
// Subjects and where-gates stay in redocly.yaml; only these predicates live here.

/**
 * Passes when the asserted list (an operation's `parameters`) holds a `$ref` to one of `refs`.
 * Parameters of the enclosing path item count too: OpenAPI applies them to the operation.
 */
function includesRef(parameters, refs, { parent, baseLocation }) {
  const declared = [...(parameters ?? []), ...(parent?.parameters ?? [])];
  if (declared.some((parameter) => refs.includes(parameter?.$ref))) return [];
  return [{ message: `parameters should include a $ref to ${refs.join(' or ')}`, location: baseLocation }];
}

/**
 * Like the built-in `nonEmpty: true`, but a non-empty value next to the node's `$ref` counts too.
 * Reports on the node as written (the property), not on the schema the $ref points to.
 */
function nonEmptyOrRefSibling(resolvedValue, _enabled, { rawValue, rawLocation }) {
  const isNonEmpty = (value) => typeof value === 'string' && value.trim() !== '';
  if (isNonEmpty(rawValue) || isNonEmpty(resolvedValue)) return [];
  return [{ message: 'Should not be empty', location: rawLocation }];
}

export default function houseAssertions() {
  return { id: 'house', assertions: { includesRef, nonEmptyOrRefSibling } };
}
