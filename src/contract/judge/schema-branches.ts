// Which branch of a oneOf/anyOf a value "means", so a failed composition can be reported
// as the concrete error inside that branch instead of a vague "no branch matched".
import { isJsonObject, type JsonObject } from '../../../lib/spec/json-pointer.mjs';
import { resolveRef } from '../../../lib/spec/refs.mjs';

export function compositionBranches(node: JsonObject): { keyword: 'oneOf' | 'anyOf'; branches: unknown[] } | undefined {
  if (Array.isArray(node.oneOf)) return { keyword: 'oneOf', branches: node.oneOf };
  if (Array.isArray(node.anyOf)) return { keyword: 'anyOf', branches: node.anyOf };
  return undefined;
}

/**
 * The index of the branch a value clearly intends, or undefined. Deliberately simple:
 * 1. with a `discriminator`, the branch its mapping (or schema name) names for the value;
 * 2. otherwise the branch that declares the most of the value's property names, if that
 *    branch is unique and declares at least one.
 */
export function chooseBranch(document: JsonObject, node: JsonObject, value: unknown): number | undefined {
  const composition = compositionBranches(node);
  if (!composition || !isJsonObject(value)) return undefined;
  const { branches } = composition;

  const discriminator = isJsonObject(node.discriminator) ? node.discriminator : undefined;
  if (discriminator && typeof discriminator.propertyName === 'string') {
    const tag = value[discriminator.propertyName];
    if (typeof tag !== 'string') return undefined;
    const mapping = isJsonObject(discriminator.mapping) ? discriminator.mapping[tag] : undefined;
    const index = branches.findIndex((branch) =>
      isJsonObject(branch) && typeof branch.$ref === 'string'
        ? mapping === undefined
          ? branch.$ref.endsWith(`/${tag}`)
          : branch.$ref === mapping
        : false,
    );
    return index >= 0 ? index : undefined;
  }

  const keys = Object.keys(value);
  const scores = branches.map((branch) => {
    const declared = declaredProperties(document, branch);
    return keys.filter((key) => declared.has(key)).length;
  });
  const best = Math.max(...scores);
  if (best === 0 || scores.filter((score) => score === best).length > 1) return undefined;
  return scores.indexOf(best);
}

/**
 * The schema nodes that apply to one value: the nodes, their $ref targets, allOf parts and the
 * branch of a oneOf/anyOf the value intends. When it intends none, `unclear` says whether every
 * branch applies (`all`: what may be in the value) or none (`none`: what the value surely is).
 */
export function applicableSchemas(document: JsonObject, nodes: readonly unknown[], value: unknown, unclear: 'all' | 'none' = 'none'): JsonObject[] {
  const result: JsonObject[] = [];
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.shift();
    if (!isJsonObject(node) || result.includes(node)) continue;
    result.push(node);
    if (typeof node.$ref === 'string') stack.push(resolveRef(document, { $ref: node.$ref }, '(schema)').node);
    if (Array.isArray(node.allOf)) stack.push(...node.allOf);
    const branches = compositionBranches(node)?.branches;
    const chosen = branches ? chooseBranch(document, node, value) : undefined;
    if (branches && chosen !== undefined) stack.push(branches[chosen]);
    else if (branches && unclear === 'all') stack.push(...branches);
  }
  return result;
}

/** Property names a schema declares directly or through `$ref` and `allOf`. */
export function declaredProperties(document: JsonObject, schema: unknown, depth = 0): Set<string> {
  const names = new Set<string>();
  if (depth > 10 || !isJsonObject(schema)) return names;
  const parts: unknown[] = Array.isArray(schema.allOf) ? [...schema.allOf] : [];
  if (typeof schema.$ref === 'string') parts.push(resolveRef(document, { $ref: schema.$ref }, '(branch)').node);
  if (isJsonObject(schema.properties)) for (const name of Object.keys(schema.properties)) names.add(name);
  for (const part of parts) for (const name of declaredProperties(document, part, depth + 1)) names.add(name);
  return names;
}
