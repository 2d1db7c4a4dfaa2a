// The spec toolkit (lib/spec/) on a small inline document: the order examples are picked in,
// parameter merging, path templates and the example request built from them.
import { describe, expect, it } from 'vitest';
import {
  componentName,
  credentialHeader,
  declaredSchemes,
  exampleOf,
  exampleRequest,
  examplesOf,
  fillTemplate,
  matchTemplate,
  operationParameters,
  placeholderNames,
  refsUnder,
  requestPath,
  requiredSchemes,
} from '../../lib/spec/index.mjs';

const document = {
  paths: {
    '/things/{thingId}': {
      parameters: [
        { $ref: '#/components/parameters/ThingId' },
        { name: 'limit', in: 'query', required: true, example: 10 },
      ],
      post: {
        operationId: 'updateThing',
        parameters: [
          { name: 'limit', in: 'query', required: true, example: 20 },
          { name: 'X-Trace', in: 'header', required: true, schema: { $ref: '#/components/schemas/Trace' } },
          { name: 'sort', in: 'query', example: 'asc' },
        ],
        requestBody: {
          content: {
            'application/json': {
              examples: { first: { $ref: '#/components/examples/First' }, second: { value: { n: 2 } } },
            },
          },
        },
      },
    },
  },
  components: {
    parameters: { ThingId: { name: 'thingId', in: 'path', required: true, example: 'a/b' } },
    schemas: { Trace: { type: 'string', example: 'trace-1' } },
    examples: { First: { value: { n: 1 } } },
  },
};
const pointer = '/paths/~1things~1{thingId}/post';

describe('examplesOf and exampleOf', () => {
  it('takes named examples first, in document order, through $ref; exampleOf is the first of them', () => {
    const media = document.paths['/things/{thingId}'].post.requestBody.content['application/json'];
    expect(examplesOf(document, media, '/media')).toEqual([
      { name: 'first', value: { n: 1 } },
      { name: 'second', value: { n: 2 } },
    ]);
    expect(exampleOf(document, media, '/media')).toEqual({ n: 1 });
  });

  it('then the single example, then the schema example, else none', () => {
    expect(examplesOf(document, { examples: { external: { externalValue: 'x.json' } }, example: 3 }, '/a')).toEqual([{ value: 3 }]);
    expect(examplesOf(document, { schema: { $ref: '#/components/schemas/Trace' } }, '/b')).toEqual([{ value: 'trace-1' }]);
    expect(examplesOf(document, { schema: { type: 'string' } }, '/c')).toEqual([]);
    expect(exampleOf(document, undefined, '/d')).toBeUndefined();
  });
});

describe('operationParameters', () => {
  it("lists the path item's, then the operation's own, which replace the path item's of the same name and location", () => {
    const merged = operationParameters(document, pointer).map(({ node, pointer: at }) => [node.name, node.example ?? null, at]);
    expect(merged).toEqual([
      ['thingId', 'a/b', '/components/parameters/ThingId'],
      ['limit', 20, `${pointer}/parameters/0`],
      ['X-Trace', null, `${pointer}/parameters/1`],
      ['sort', 'asc', `${pointer}/parameters/2`],
    ]);
  });
});

describe('path templates', () => {
  it('fills placeholders percent-encoded and refuses a missing value', () => {
    expect(fillTemplate('/things/{thingId}/parts/{partId}', { thingId: 'a/b', partId: 'p 1' })).toBe('/things/a%2Fb/parts/p%201');
    expect(() => fillTemplate('/things/{thingId}', {})).toThrow('no value for "{thingId}" in /things/{thingId}');
  });

  it('matches segment by segment, giving the sent parameters and the count of literal segments', () => {
    expect(matchTemplate('/things/{thingId}', '/things/a%2Fb')).toEqual({ params: { thingId: 'a%2Fb' }, literals: 2 });
    expect(matchTemplate('/things/{thingId}', '/things/')).toBeUndefined();
    expect(matchTemplate('/things/{thingId}', '/things/a/b')).toBeUndefined();
    expect(matchTemplate('/things/{thingId}', '/others/a')).toBeUndefined();
  });

  it('names the placeholders in order', () => {
    expect(placeholderNames('/things/{thingId}/parts/{partId}')).toEqual(['thingId', 'partId']);
    expect(placeholderNames('/things')).toEqual([]);
  });
});

describe('refsUnder and componentName', () => {
  it('finds every local $ref under a node, in arrays too, and leaves external ones out', () => {
    const node = { a: { $ref: '#/components/schemas/A' }, b: [{ $ref: '#/components/schemas/B' }, { $ref: 'other.yaml#/X' }], c: { $ref: '#/components/schemas/A' } };
    expect(refsUnder(node)).toEqual(['#/components/schemas/A', '#/components/schemas/B', '#/components/schemas/A']);
  });

  it('names the component a node refers to, and nothing deeper or elsewhere', () => {
    expect(componentName({ $ref: '#/components/schemas/PaymentLink' })).toBe('PaymentLink');
    expect(componentName({ $ref: '#/components/responses/NotFound' })).toBe('NotFound');
    expect(componentName({ $ref: '#/components/schemas/PaymentLink/properties/id' })).toBeUndefined();
    expect(componentName({ type: 'string' })).toBeUndefined();
  });
});

describe('exampleRequest', () => {
  it('gives the parts of the request structured, and requestPath renders them', () => {
    const request = exampleRequest(document, pointer);
    expect(request).toEqual({
      method: 'POST',
      template: '/things/{thingId}',
      pathParams: { thingId: 'a/b' },
      query: { limit: '20' },
      headers: { 'x-trace': 'trace-1', 'content-type': 'application/json' },
      body: { n: 1 },
    });
    expect(requestPath(request)).toBe('/things/a%2Fb?limit=20');
  });

  it('hands out a copy of the body example', () => {
    (exampleRequest(document, pointer).body as { n: number }).n = 99;
    expect(exampleRequest(document, pointer).body).toEqual({ n: 1 });
  });
});

describe('security: what an operation asks for, and the header of each scheme', () => {
  const secured = {
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        bearer: { type: 'http', scheme: 'Bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'session' },
      },
    },
  };

  it("takes the operation's first requirement over the document's; none for [] or {}", () => {
    expect(requiredSchemes(secured, {})).toEqual(['bearer']);
    expect(requiredSchemes(secured, { security: [{ key: [], bearer: [] }, { cookie: [] }] })).toEqual(['key', 'bearer']);
    expect(requiredSchemes(secured, { security: [] })).toEqual([]);
    expect(requiredSchemes(secured, { security: [{}] })).toEqual([]);
    expect(requiredSchemes({}, {})).toEqual([]);
  });

  it('names the header of an API key (lower case) and of a bearer token; nothing for other schemes', () => {
    expect(credentialHeader(secured, 'key')).toEqual({ kind: 'apiKey', header: 'x-api-key' });
    expect(credentialHeader(secured, 'bearer')).toEqual({ kind: 'bearer', header: 'authorization' });
    expect(credentialHeader(secured, 'cookie')).toBeUndefined();
    expect(credentialHeader(secured, 'undeclared')).toBeUndefined();
    expect(declaredSchemes(secured)).toEqual(['key', 'bearer', 'cookie']);
  });
});
