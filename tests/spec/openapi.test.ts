// What `redocly lint` cannot check about openapi.yaml: the generated operations table is exact, every $ref
// resolves, every example validates against its schema with a JSON Schema 2020-12 validator, and the
// x-discrepancy marks and docs/discrepancies.md agree with each other in both directions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJsonObject, listOperations, resolveRef, toPointer, valueAtRef, type JsonObject } from '../../lib/spec/index.mjs';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { parseRegister } from '../../lib/register.mjs';
import { API_VERSION } from '../../src/index.js';

const spec = loadSpec().document;
const schemas = responseValidatorFor(loadSpec());
/** The spec's own pointers are written `#/a/b` (as in $ref and the register). */
const pointerOf = (segments: readonly string[]): string => `#${toPointer(segments)}`;
const compileSchemaAt = (pointer: string) => schemas.schemaAt(pointer.slice(1));

type Node = JsonObject;

/** Every object in the document with its JSON pointer segments. */
function* walk(node: unknown, path: string[] = []): Generator<[Node, string[]]> {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) yield* walk(child, [...path, String(index)]);
  } else if (isJsonObject(node)) {
    yield [node, path];
    for (const [key, child] of Object.entries(node)) yield* walk(child, [...path, key]);
  }
}

/** `#/components/examples/X` refs inside `examples` maps resolve to Example objects; use their value. */
const exampleValue = (example: Node): unknown => (resolveRef(spec, example, '(an example)').node as Node).value;

/** Every (example, schema pointer) pair in the document: media types, parameters, headers, schemas. */
function collectExamples(): { where: string; schemaPointer: string; value: unknown }[] {
  const found: { where: string; schemaPointer: string; value: unknown }[] = [];
  for (const [node, path] of walk(spec)) {
    const parent = path.at(-2);
    const isSchemaHolder =
      isJsonObject(node.schema) && (parent === 'content' || node.in !== undefined || path.at(-2) === 'headers');
    if (isSchemaHolder) {
      const schemaPointer = pointerOf([...path, 'schema']);
      if ('example' in node) found.push({ where: pointerOf([...path, 'example']), schemaPointer, value: node.example });
      if (isJsonObject(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          found.push({ where: pointerOf([...path, 'examples', name]), schemaPointer, value: exampleValue(example as Node) });
        }
      }
    }
    if (path[0] === 'components' && path[1] === 'schemas' && Array.isArray(node.examples)) {
      node.examples.forEach((value, index) =>
        found.push({ where: pointerOf([...path, 'examples', String(index)]), schemaPointer: pointerOf(path), value }),
      );
    }
  }
  return found;
}

describe('openapi.yaml', () => {
  it('declares exactly the operations of src/generated/operations.ts (npm run generate), each by its operationId', () => {
    const declared = listOperations(spec).filter((entry) => entry.section === 'paths');
    const generated = Object.entries(OPERATIONS).map(([operationId, { method, path }]) => ({ operationId, method, path }));
    expect(generated).toEqual(declared.map(({ operation, method, path }) => ({ operationId: operation.operationId, method, path })));
    // What the table says is created and deleted: each kind has its delete and a create, and a delete
    // is the DELETE of the path its kind is read from.
    const entries = Object.values(OPERATIONS);
    const deleted = entries.flatMap((entry) => ('deletes' in entry ? [entry.deletes] : []));
    const created = entries.flatMap((entry) => ('creates' in entry ? [entry.creates] : []));
    expect(new Set(created)).toEqual(new Set(deleted));
    const readable = (path: string) => isJsonObject((spec.paths as Node)[path]) && 'get' in ((spec.paths as Node)[path] as Node);
    expect(entries.filter((entry) => 'deletes' in entry && !readable(entry.path))).toEqual([]);
    const webhook = (spec.webhooks as Node).transactionNotification as Node;
    expect((webhook.post as Node).operationId).toBe('transactionNotification');
  });

  it('carries the package version as info.version (npm run version:packages keeps them equal)', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((spec.info as { version?: unknown }).version).toBe(manifest.version);
  });

  it('documents the API version the client pins (info.x-api-version), in its introduction too', () => {
    // tsc holds API_VERSION to the generated DocumentedApiVersion; this holds the prose to both.
    expect((spec.info as Node)['x-api-version']).toBe(API_VERSION);
    const description = String((spec.info as Node).description);
    expect(description).toContain(`\`${API_VERSION}\` selects the current one`);
    expect(description).toContain(`\`conomyhq-api-version: ${API_VERSION}\``);
  });

  it('resolves every $ref', () => {
    const refs = [...walk(spec)].filter(([node]) => typeof node.$ref === 'string');
    expect(refs.length).toBeGreaterThan(100);
    const unresolved = refs
      .map(([node, path]) => ({ at: pointerOf(path), ref: node.$ref as string }))
      .filter(({ ref }) => !ref.startsWith('#/') || valueAtRef(spec, ref) === undefined);
    expect(unresolved).toEqual([]);
  });

  it('has an example for every operation that validates against its schema', () => {
    const examples = collectExamples();
    expect(examples.length).toBeGreaterThan(60);
    const invalid = examples.flatMap(({ where, schemaPointer, value }) => {
      const validate = compileSchemaAt(schemaPointer);
      return validate(value) ? [] : [{ where, errors: validate.errors?.map((e) => `${e.instancePath} ${e.message}`) }];
    });
    expect(invalid).toEqual([]);
  });

  it('has a request example for every JSON body and a response example for every JSON 2xx', () => {
    const missing: string[] = [];
    for (const [node, path] of walk(spec)) {
      if (path.at(-2) !== 'content' || path.at(-1) !== 'application/json') continue;
      const isRequest = path.includes('requestBody');
      const isSuccess = /^2\d\d$/.test(path.at(-3) ?? '');
      if ((isRequest || isSuccess) && !('example' in node) && !isJsonObject(node.examples)) missing.push(pointerOf(path));
    }
    expect(missing).toEqual([]);
  });

  it('refuses what the constraints forbid, so the examples are not passing vacuously', () => {
    const createLink = compileSchemaAt('#/components/schemas/CreatePaymentLinkBody');
    const body = exampleValue({ $ref: '#/components/examples/CheckoutSession' } as Node) as Node;
    expect(createLink(body)).toBe(false);
    const amount = compileSchemaAt('#/components/schemas/Item');
    expect(amount({ preTaxAmount: 100, totalAmount: '100', description: 'x' })).toBe(false);
    expect(amount({ preTaxAmount: '1,5', totalAmount: '100', description: 'x' })).toBe(false);
    expect(amount({ preTaxAmount: '100.50', totalAmount: '100.50', description: 'x', tax: null })).toBe(true);
  });
});

describe('discrepancy register', () => {
  const register = readFileSync(new URL('../../docs/discrepancies.md', import.meta.url), 'utf8');
  const entries = parseRegister(register);
  const marks = [...walk(spec)]
    .filter(([node]) => Array.isArray(node['x-discrepancy']))
    .map(([node, path]) => ({ at: pointerOf(path), ids: node['x-discrepancy'] as string[] }));

  it('numbers its entries D1, D2, … without gaps and covers the 28 inconsistencies of the facts', () => {
    const ids = entries.map((entry) => entry.id);
    expect(ids.length).toBeGreaterThanOrEqual(28);
    expect(ids).toEqual(ids.map((_, index) => `D${index + 1}`));
  });

  it('has an entry for every x-discrepancy id used in openapi.yaml', () => {
    const known = new Set(entries.map((entry) => entry.id));
    const unknown = marks.flatMap(({ at, ids }) => ids.filter((id) => !known.has(id)).map((id) => `${at}: ${id}`));
    expect(marks.length).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('gives every entry sources, a decision, a reason, a drift check and its spec nodes or why there are none', () => {
    const incomplete = entries.flatMap(({ id, body, specNodes, notInSpec }) => {
      const lacks = ['**Sources:**', '**Decision:**', '**Why:**', '**Drift check:**'].filter((label) => !body.includes(label));
      if ((specNodes.length > 0) === notInSpec) {
        lacks.push('exactly one of Spec nodes (naming at least one `#/...` JSON pointer) / Not in the spec because');
      }
      return lacks.length > 0 ? [`${id}: ${lacks.join(', ')}`] : [];
    });
    expect(incomplete).toEqual([]);
  });

  it('lists spec nodes that exist and carry the entry id, and every entry with nodes is marked somewhere', () => {
    const problems: string[] = [];
    for (const { id, specNodes } of entries) {
      if (specNodes.length === 0) continue;
      for (const pointer of specNodes) {
        const node = valueAtRef(spec, pointer);
        if (!isJsonObject(node)) problems.push(`${id}: ${pointer} does not resolve`);
        else if (!((node['x-discrepancy'] as string[] | undefined) ?? []).includes(id)) {
          problems.push(`${id}: ${pointer} has no x-discrepancy ${id}`);
        }
      }
      if (!marks.some(({ ids }) => ids.includes(id))) problems.push(`${id}: no spec node is marked with it`);
    }
    expect(problems).toEqual([]);
  });
});
