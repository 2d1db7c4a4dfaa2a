// Turns ajv errors for one response body into drift issues (kind, instance pointer,
// expected, actual). Compositions are reported as the error inside the branch the body
// clearly intends (see chooseBranch), else as one composition-mismatch; the errors ajv
// collected from the other branches are dropped, because they describe shapes the body
// never claimed to have.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SECRET_FIELD } from '../../internal/secrets.js';
import type { FindingKind } from './findings.js';
import { escapeSegment, isJsonObject, type JsonObject } from '../../../lib/spec/json-pointer.mjs';
import { componentName, resolveRef } from '../../../lib/spec/refs.mjs';
import { chooseBranch, compositionBranches } from './schema-branches.js';

export interface BodyIssue {
  kind: FindingKind;
  /** JSON pointer into the body. */
  pointer: string;
  expected: string;
  actual: string;
  message: string;
  /** JSON pointer of the schema (in openapi.yaml) whose keyword the value broke, where it is known. */
  schema?: string;
}

/** What the issue mapper needs to know about the compiled document. */
export interface SchemaSource {
  /** The document (plain or strict copy) whose objects ajv reports in `parentSchema`. */
  document: JsonObject;
  /** JSON pointer of a schema object of that document. */
  pointerOf(schema: object): string | undefined;
  /** Compiled (and cached) validator for the schema at a pointer of that document. */
  validatorAt(pointer: string): ValidateFunction;
}

export function bodyIssues(source: SchemaSource, validate: ValidateFunction, body: unknown, prefix = ''): BodyIssue[] {
  if (validate(body)) return [];
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  const dropped = new Set<ErrorObject>();
  const issues: BodyIssue[] = [];

  const compositions = errors
    .filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf')
    .sort((a, b) => depth(a.instancePath) - depth(b.instancePath));
  for (const composition of compositions) {
    if (dropped.has(composition)) continue;
    const inBranches = reachableFromBranches(source.document, composition.parentSchema as JsonObject);
    for (const error of errors) {
      const inside = within(error.instancePath, composition.instancePath);
      const fromBranch = inBranches.has(error.parentSchema as object);
      // A failed composition evaluates no property, so "unevaluated" at that object is noise.
      const unevaluatedHere =
        error.keyword === 'unevaluatedProperties' && error.instancePath === composition.instancePath;
      if (error === composition || (inside && (fromBranch || unevaluatedHere))) dropped.add(error);
    }
    issues.push(...compositionIssues(source, composition, prefix));
  }
  for (const error of errors) {
    if (dropped.has(error)) continue;
    const schema = source.pointerOf(error.parentSchema as object);
    issues.push({ ...issueFor(error, prefix), ...(schema === undefined ? {} : { schema }) });
  }
  return issues;
}

function compositionIssues(source: SchemaSource, error: ErrorObject, prefix: string): BodyIssue[] {
  const node = error.parentSchema as JsonObject;
  const { keyword, branches } = compositionBranches(node) ?? { keyword: 'oneOf', branches: [] };
  const pointer = prefix + error.instancePath;
  const names = branches.map((branch, index) => branchName(branch, index)).join(', ');
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (Array.isArray(passing)) {
    const matched = passing.map((index: number) => branchName(branches[index], index)).join(' and ');
    const schema = source.pointerOf(node);
    return [{ ...composition(pointer, `exactly one of ${names}`, `matches ${matched}`), ...(schema === undefined ? {} : { schema }) }];
  }
  const chosen = chooseBranch(source.document, node, error.data);
  const nodePointer = source.pointerOf(node);
  if (chosen !== undefined && nodePointer !== undefined) {
    const branchValidator = source.validatorAt(`${nodePointer}/${keyword}/${chosen}`);
    const inner = bodyIssues(source, branchValidator, error.data, pointer);
    if (inner.length > 0) return inner;
  }
  return [composition(pointer, `${keyword === 'oneOf' ? 'one' : 'any'} of ${names}`, 'matches none')];
}

function composition(pointer: string, expected: string, actual: string): BodyIssue {
  return { kind: 'composition-mismatch', pointer, expected, actual, message: `expected ${expected}, ${actual}` };
}

function branchName(branch: unknown, index: number): string {
  return componentName(branch) ?? `branch #${index}`;
}

function issueFor(error: ErrorObject, prefix: string): BodyIssue {
  const pointer = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const name = String(params.missingProperty);
      return issue('missing-required', `${pointer}/${escapeSegment(name)}`, 'present', 'absent',
        `required property "${name}" is missing`);
    }
    case 'type': {
      const expected = [error.schema].flat().join(' or ');
      const actual = jsonType(error.data);
      return issue('type-mismatch', pointer, expected, actual, `expected ${expected}, got ${actual}`);
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (error.schema as unknown[]) : [error.schema];
      const expected = `one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
      return issue('enum-mismatch', pointer, expected, preview(error.data, pointer), `expected ${expected}`);
    }
    case 'format':
      return issue('format-mismatch', pointer, `format ${String(error.schema)}`, preview(error.data, pointer),
        `not a valid ${String(error.schema)}`);
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const child = `${pointer}/${escapeSegment(name)}`;
      const value = isJsonObject(error.data) ? error.data[name] : undefined;
      return issue('undocumented-field', child, 'not present (undocumented)', preview(value, child),
        `property "${name}" is not documented`);
    }
    default: {
      // pattern, minimum, maxLength, minItems, multipleOf, ... and the rare rest (not, false schema).
      const expected = `${error.keyword} ${JSON.stringify(error.schema)}`;
      return issue('constraint-violation', pointer, expected, measured(error.keyword, error.data, pointer), error.message ?? expected);
    }
  }
}

function issue(kind: FindingKind, pointer: string, expected: string, actual: string, message: string): BodyIssue {
  return { kind, pointer, expected, actual, message };
}

/** For length/count constraints the size is what matters, not the value. */
function measured(keyword: string, value: unknown, pointer: string): string {
  if (/Length$/.test(keyword) && typeof value === 'string') return `length ${value.length}`;
  if (/Items$|Contains$|^contains$/.test(keyword) && Array.isArray(value)) return `${value.length} items`;
  if (/Properties$/.test(keyword) && isJsonObject(value)) return `${Object.keys(value).length} properties`;
  return preview(value, pointer);
}

/** A short, log-safe rendering of a body value: secrets by name are never echoed. */
export function preview(value: unknown, pointer: string): string {
  const name = pointer.split('/').pop() ?? '';
  if (SECRET_FIELD.test(name)) return `[redacted ${jsonType(value)}]`;
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
}

function within(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

const reachableCache = new WeakMap<object, Set<object>>();

/** Every object reachable from the branches of a composition node, following $refs. */
function reachableFromBranches(document: JsonObject, node: JsonObject): Set<object> {
  const cached = reachableCache.get(node);
  if (cached) return cached;
  const seen = new Set<object>();
  const stack: unknown[] = [...(compositionBranches(node)?.branches ?? [])];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (isJsonObject(current) && typeof current.$ref === 'string') {
      stack.push(resolveRef(document, { $ref: current.$ref }, '(branch)').node);
    }
    stack.push(...Object.values(current));
  }
  reachableCache.set(node, seen);
  return seen;
}
