// The resources a run creates and must delete again, read from the generated operations table
// (src/generated/operations.ts): which answers are such a resource, and which call deletes one.
// The negative cases (an invalid create the server accepted) and drift cleanup both delete by it.
import { placeholderNames } from '../../../lib/spec/index.mjs';
import { OPERATIONS, operationEntry, type ResourceKind } from '../../generated/operations.js';

/** The kind of resource a 2xx answer of `operationId` is a new one of, if any. */
export function createdKind(operationId: string | undefined): ResourceKind | undefined {
  return operationId === undefined ? undefined : operationEntry(operationId)?.creates;
}

const DELETE_OPERATIONS = Object.fromEntries(
  Object.entries(OPERATIONS).flatMap(([operationId, entry]) => ('deletes' in entry ? [[entry.deletes, { operationId, path: entry.path }]] : [])),
) as Readonly<Record<ResourceKind, { operationId: string; path: string }>>;

/** The call that deletes the resource `id` of `kind`: its operation, path template and path parameters. */
export function deletionOf(kind: ResourceKind, id: string): { operationId: string; path: string; pathParams: Record<string, string> } {
  const { operationId, path } = DELETE_OPERATIONS[kind];
  // A delete path has one parameter: the resource's id.
  return { operationId, path, pathParams: Object.fromEntries(placeholderNames(path).map((name) => [name, id])) };
}
