// What the suite reads from a spec: operations, documented pairs, path matching, examples.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleRequest, valueAt } from '../../../lib/spec/index.mjs';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import { withUndocumentedPropertiesForbidden } from '../../../src/contract/judge/strict-schema.js';

const fixture = fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url));
const spec = loadSpec(fixture);
const scratch = mkdtempSync(join(tmpdir(), 'contract-spec-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadSpec', () => {
  it('lists every (operation, documented status) pair', () => {
    expect(spec.operationPairs().map(({ operationId, status }) => `${operationId} ${status}`)).toEqual([
      'getThing 200',
      'getThing 404',
      'deleteThing 204',
      'deleteThing 404',
      'createThing 201',
      'createThing 400',
    ]);
  });

  it('follows response $refs and lists content types', () => {
    const notFound = spec.responseFor(spec.operation('getThing'), 404);
    expect(notFound).toMatchObject({ key: '404', pointer: '/components/responses/NotFound', contentTypes: ['application/json'] });
    expect(spec.responseFor(spec.operation('deleteThing'), 204)?.contentTypes).toEqual([]);
    expect(spec.responseFor(spec.operation('getThing'), 500)).toBeUndefined();
  });

  it('matches request paths to operations, literal segments first', () => {
    expect(spec.findOperation('GET', '/things/th_1')?.operationId).toBe('getThing');
    expect(spec.findOperation('post', '/things')?.operationId).toBe('createThing');
    expect(spec.findOperation('GET', '/things/')).toBeUndefined();
    expect(spec.findOperation('GET', '/things/a/b')).toBeUndefined();
  });

  it('parses a file once', () => {
    expect(loadSpec(fixture)).toBe(spec);
  });

  it('names the problem with a bad file', () => {
    expect(() => loadSpec(join(scratch, 'absent.yaml'))).toThrow(/OpenAPI document not found: .*absent\.yaml/);
    const noPaths = join(scratch, 'no-paths.yaml');
    writeFileSync(noPaths, 'openapi: 3.1.0\n');
    expect(() => loadSpec(noPaths)).toThrow(/has no "paths" object/);
    const badYaml = join(scratch, 'bad.yaml');
    writeFileSync(badYaml, 'paths: [\n');
    expect(() => loadSpec(badYaml)).toThrow(/is not valid YAML/);
  });
});

describe('withUndocumentedPropertiesForbidden', () => {
  const strict = withUndocumentedPropertiesForbidden(spec.document);
  const at = (pointer: string) => valueAt(strict, pointer) as Record<string, unknown>;

  it('closes value positions but not composition branches or definitions', () => {
    expect(at('/paths/~1things~1{thingId}/get/responses/200/content/application~1json/schema').unevaluatedProperties).toBe(false);
    expect(at('/components/schemas/Thing/properties/owner').unevaluatedProperties).toBe(false);
    expect(at('/components/schemas/CardNode/properties/card').unevaluatedProperties).toBe(false);
    expect(at('/components/schemas/Thing')).not.toHaveProperty('unevaluatedProperties');
    expect(at('/components/schemas/Details/allOf/1')).not.toHaveProperty('unevaluatedProperties');
    expect(at('/components/schemas/Node/oneOf/0')).not.toHaveProperty('unevaluatedProperties');
  });

  it('leaves the original document untouched', () => {
    expect(valueAt(spec.document, '/components/schemas/Thing/properties/owner')).not.toHaveProperty('unevaluatedProperties');
  });
});

describe('exampleRequest', () => {
  it('fills path parameters and the body from the examples', () => {
    expect(exampleRequest(spec.document, spec.operation('createThing').pointer)).toEqual({
      method: 'POST',
      template: '/things',
      pathParams: {},
      query: {},
      headers: { 'content-type': 'application/json' },
      body: { amount: '10.50' },
    });
  });

  it('refuses a path parameter without an example', () => {
    expect(() => exampleRequest(spec.document, spec.operation('getThing').pointer)).toThrow('getThing: parameter "thingId" needs an example');
  });
});
