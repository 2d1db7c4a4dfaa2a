// arbitraryFor(): every generated value must be valid against its schema, read-only properties
// never appear, failures shrink to small bodies, and unsupported schemas are refused clearly.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFor } from '../support/generate/arbitraries.js';
import { isJsonObject, resolveRef, type JsonObject } from '../../../lib/spec/index.mjs';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../../src/contract/judge/validator.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const SEED = 7;

const document: JsonObject = {
  components: {
    schemas: {
      Base: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 2, maxLength: 4 } } },
      Thing: {
        allOf: [{ $ref: '#/components/schemas/Base' }],
        required: ['kind', 'tags'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          kind: { enum: ['A', 'B'] },
          version: { const: 2 },
          count: { type: 'integer', minimum: 30, maximum: 40 },
          ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          tags: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', pattern: '^t[0-9]$' } },
          note: { type: ['string', 'null'] },
          owner: { oneOf: [{ $ref: '#/components/schemas/Base' }, { type: 'null' }] },
          link: { type: 'string', format: 'uri' },
          email: { type: 'string', format: 'email' },
          at: { type: 'string', format: 'date-time' },
          flag: { type: 'boolean' },
          serverId: { type: 'string', readOnly: true },
        },
      },
    },
  },
};

function validatorOf(doc: JsonObject, pointer: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: 'https://unit.invalid/doc.json' });
  const validate = ajv.getSchema(`https://unit.invalid/doc.json#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate;
}

describe('arbitraryFor', () => {
  const things = fc.sample(arbitraryFor(document, { $ref: '#/components/schemas/Thing' }), { seed: SEED, numRuns: 300 }) as JsonObject[];

  it('generates only values valid against the schema', () => {
    const validate = validatorOf(document, '/components/schemas/Thing');
    for (const thing of things) expect(validate(thing), JSON.stringify({ thing, errors: validate.errors })).toBe(true);
  });

  it('covers optional properties, both sides of a nullable and every enum value, but never a read-only property', () => {
    const seen = (test: (thing: JsonObject) => boolean) => things.some(test);
    expect(seen((thing) => thing.note === null) && seen((thing) => typeof thing.note === 'string')).toBe(true);
    expect(seen((thing) => thing.owner === null) && seen((thing) => isJsonObject(thing.owner))).toBe(true);
    expect(seen((thing) => thing.kind === 'A') && seen((thing) => thing.kind === 'B')).toBe(true);
    expect(seen((thing) => !('count' in thing)) && seen((thing) => 'count' in thing)).toBe(true);
    expect(seen((thing) => 'serverId' in thing)).toBe(false);
  });

  it('shrinks a failing value to a minimal one: only required properties, one item', () => {
    const result = fc.check(
      fc.property(arbitraryFor(document, { $ref: '#/components/schemas/Thing' }), (thing) => !Array.isArray((thing as JsonObject).tags)),
      { seed: SEED },
    );
    expect(result.failed).toBe(true);
    const [counterexample] = result.counterexample ?? [];
    expect(Object.keys(counterexample as JsonObject).sort()).toEqual(['id', 'kind', 'tags']);
    expect((counterexample as JsonObject).tags).toHaveLength(1);
  });

  it('refuses schemas it cannot generate for, naming the keyword and the place', () => {
    expect(() => arbitraryFor(document, { not: { type: 'string' } }, 'Odd')).toThrow('Odd: no generator for the "not" keyword');
    expect(() => arbitraryFor(document, { type: 'string', format: 'ipv6' }, 'Addr')).toThrow(
      'Addr: no generator for string format "ipv6"',
    );
    expect(() => arbitraryFor(document, { type: 'object', required: ['x'] }, 'Obj')).toThrow(
      'Obj: required properties without a schema: x',
    );
  });
});

describe('arbitraryFor on the request bodies of openapi.yaml', () => {
  const spec = loadSpec();
  const validator = responseValidatorFor(spec);
  for (const operation of spec.operations) {
    const requestBody = resolveRef(spec.document, operation.node.requestBody, `${operation.pointer}/requestBody`);
    const content = isJsonObject(requestBody.node) && isJsonObject(requestBody.node.content) ? requestBody.node.content : {};
    const media = content['application/json'];
    if (!isJsonObject(media)) continue;
    const pointer = `${requestBody.pointer}/content/application~1json/schema`;

    it(`${operation.operationId}: 200 generated bodies are all valid against the whole body schema`, () => {
      const validate = validator.schemaAt(pointer);
      for (const body of fc.sample(arbitraryFor(spec.document, media.schema, pointer), { seed: SEED, numRuns: 200 })) {
        expect(validate(body), JSON.stringify({ body, errors: validate.errors })).toBe(true);
      }
    });
  }
});
