// @ts-check
// When two findings are the same finding: one definition for the report (which merges the same
// finding seen on several calls into one, with `occurrences`), the baseline (which acknowledges a
// finding by it: new or known) and the drift issue step (scripts/drift-issue.mjs, which tells from
// it whether the new breaking findings changed since the last run). Plain JavaScript with JSDoc
// types so that the script, which runs without a TypeScript loader, uses this very code.
//
// A finding is its operation, status, kind and location, array indices in the location written
// `*` (the same drift in the third list item instead of the first is the same drift), and, where
// the value names the drift (an enum value, a type, a content type), the value seen: an accepted
// "ENABLED" does not hide a new "PAUSED".

/** Kinds whose `actual` is part of what they are: another value seen there is another finding. */
export const VALUE_KINDS = new Set(['enum-mismatch', 'type-mismatch', 'content-type-mismatch']);

/**
 * A location with its array indices written `*`: `response.body/results/*\/status`.
 * @param {string} location
 */
export function identityLocation(location) {
  return location.replace(/\/\d+(?=\/|$)/g, '/*');
}

/**
 * The identity of a finding (or of a baseline entry, which records the same fields).
 * @param {{ operationId: string, status: number, kind: string, location: string, actual: string }} finding
 * @returns {string}
 */
export function findingIdentity({ operationId, status, kind, location, actual }) {
  return [operationId, status, kind, identityLocation(location), VALUE_KINDS.has(kind) ? actual : ''].join(' ');
}
