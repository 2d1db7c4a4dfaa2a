// The response validator against hand-made bad responses for the fixture spec:
// one test per drift kind it can produce, plus location, severity and discrepancy mapping.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contract/judge/findings.js';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
import { responseValidatorFor, type ResponseUnderTest } from '../../../src/contract/judge/validator.js';

const spec = loadSpec(fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url)));
const validator = responseValidatorFor(spec);

const goodThing = {
  id: 'th_1',
  amount: '10.50',
  status: 'ACTIVE',
  createdAt: '2025-01-01T00:00:00Z',
  owner: { identityId: 'id_1', name: null },
  tags: ['a'],
  node: { type: 'CARD', card: { token: 'tok_1' } },
  details: { kind: 'k', note: 'n' },
};

function thing(changes: Record<string, unknown>, strict = false): Finding[] {
  return getThing({ bodyText: JSON.stringify({ ...goodThing, ...changes }) }, strict);
}

function getThing(response: Partial<ResponseUnderTest>, strict = false): Finding[] {
  return validator.validateResponse(
    {
      operationId: 'getThing',
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': 'r1' },
      bodyText: JSON.stringify(goodThing),
      ...response,
    },
    { strict },
  );
}

function errorBody(body: unknown, strict = false): Finding[] {
  return validator.validateResponse(
    { operationId: 'getThing', status: 404, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(body) },
    { strict },
  );
}

/** The parts of findings a test usually cares about. */
function summary(findings: Finding[]) {
  return findings.map(({ kind, location, discrepancy }) => ({ kind, location, ...(discrepancy ? { discrepancy } : {}) }));
}

describe('a documented, well-formed response', () => {
  it('has no findings, strict or not', () => {
    expect(getThing({})).toEqual([]);
    expect(getThing({}, true)).toEqual([]);
  });
});

describe('status', () => {
  it('reports an undocumented 4xx as undocumented-status with the full finding shape', () => {
    expect(getThing({ status: 418 })).toEqual([
      {
        operationId: 'getThing',
        method: 'GET',
        path: '/things/{thingId}',
        status: 418,
        kind: 'undocumented-status',
        severity: 'breaking',
        location: 'response.status',
        expected: '200, 404',
        actual: '418',
        message: 'status 418 is not documented for getThing',
        schema: '/paths/~1things~1{thingId}/get/responses',
      },
    ]);
  });

  it('reports an undocumented 5xx as server-error', () => {
    expect(summary(getThing({ status: 503 }))).toEqual([{ kind: 'server-error', location: 'response.status' }]);
  });

  it('names the x-discrepancy of the operation for a status finding', () => {
    const findings = validator.validateResponse({ operationId: 'deleteThing', status: 200, headers: {}, bodyText: '' });
    expect(summary(findings)).toEqual([{ kind: 'undocumented-status', location: 'response.status', discrepancy: ['D9'] }]);
  });
});

describe('headers and content type', () => {
  it('reports a missing required header', () => {
    const findings = getThing({ headers: { 'content-type': 'application/json' } });
    expect(summary(findings)).toEqual([{ kind: 'header-missing', location: 'response.header/x-request-id' }]);
  });

  it('reports a wrong content type and stops when the body is not JSON', () => {
    const findings = getThing({ headers: { 'content-type': 'text/html', 'x-request-id': 'r' }, bodyText: '<html>' });
    expect(summary(findings)).toEqual([{ kind: 'content-type-mismatch', location: 'response.header/content-type' }]);
    expect(findings[0]).toMatchObject({ expected: 'application/json', actual: 'text/html' });
  });

  it('still judges a JSON body sent with the wrong content type', () => {
    const headers = { 'content-type': 'text/plain', 'x-request-id': 'r' };
    const findings = getThing({ headers, bodyText: JSON.stringify({ ...goodThing, id: 7 }) });
    expect(summary(findings)).toEqual([
      { kind: 'content-type-mismatch', location: 'response.header/content-type' },
      { kind: 'type-mismatch', location: 'response.body/id' },
    ]);
    expect(findings[0]?.actual).toBe('text/plain');
  });

  it('reports a JSON body without Content-Type as the missing header, and still judges the body', () => {
    const findings = getThing({ headers: { 'x-request-id': 'r' }, bodyText: JSON.stringify({ ...goodThing, id: 7 }) });
    expect(summary(findings)).toEqual([
      { kind: 'header-missing', location: 'response.header/content-type' },
      { kind: 'type-mismatch', location: 'response.body/id' },
    ]);
    expect(findings[0]).toMatchObject({ expected: 'application/json', actual: 'absent', severity: 'breaking' });
  });

  it('reports a non-JSON body without Content-Type as a content-type mismatch', () => {
    const findings = getThing({ headers: { 'x-request-id': 'r' }, bodyText: '<html>' });
    expect(summary(findings)).toEqual([{ kind: 'content-type-mismatch', location: 'response.header/content-type' }]);
  });

  it('reports a body on a response documented without one', () => {
    const findings = validator.validateResponse({
      operationId: 'deleteThing',
      status: 204,
      headers: { 'content-type': 'application/json' },
      bodyText: '{}',
    });
    expect(summary(findings)).toEqual([
      { kind: 'content-type-mismatch', location: 'response.header/content-type', discrepancy: ['D9'] },
    ]);
  });

  it('accepts an empty 204', () => {
    expect(validator.validateResponse({ operationId: 'deleteThing', status: 204, headers: {}, bodyText: '' })).toEqual([]);
  });
});

describe('body-unparseable', () => {
  it('reports a non-JSON body without echoing it', () => {
    const findings = getThing({ bodyText: 'secret-ish {not json' });
    expect(summary(findings)).toEqual([{ kind: 'body-unparseable', location: 'response.body' }]);
    expect(JSON.stringify(findings)).not.toContain('secret-ish');
  });

  it('reports an empty body where JSON is documented', () => {
    expect(getThing({ bodyText: '' })[0]).toMatchObject({ kind: 'body-unparseable', actual: 'empty body' });
  });
});

describe('body schema', () => {
  it('missing-required points at the missing property and names the enclosing discrepancy', () => {
    expect(summary(thing({ owner: {} }))).toEqual([
      { kind: 'missing-required', location: 'response.body/owner/identityId', discrepancy: ['D3'] },
    ]);
  });

  it('type-mismatch, including null where null is not allowed', () => {
    const findings = thing({ id: 5, owner: null });
    expect(summary(findings)).toEqual([
      { kind: 'type-mismatch', location: 'response.body/id' },
      { kind: 'type-mismatch', location: 'response.body/owner', discrepancy: ['D3'] },
    ]);
    expect(findings[0]).toMatchObject({ expected: 'string', actual: 'integer', severity: 'breaking' });
    expect(findings[1]).toMatchObject({ expected: 'object', actual: 'null' });
  });

  it('enum-mismatch with the property-level discrepancy', () => {
    const [finding] = thing({ status: 'PAUSED' });
    expect(finding).toMatchObject({
      kind: 'enum-mismatch',
      location: 'response.body/status',
      expected: 'one of "ACTIVE", "EXPIRED"',
      actual: '"PAUSED"',
      discrepancy: ['D7'],
    });
  });

  it('format-mismatch', () => {
    expect(thing({ createdAt: 'yesterday' })[0]).toMatchObject({
      kind: 'format-mismatch',
      location: 'response.body/createdAt',
      expected: 'format date-time',
    });
  });

  it('constraint-violation for a pattern reached through $ref and for maxItems', () => {
    const findings = thing({ amount: '10,50', tags: ['a', 'b', 'c'] });
    expect(summary(findings)).toEqual([
      { kind: 'constraint-violation', location: 'response.body/amount' },
      { kind: 'constraint-violation', location: 'response.body/tags' },
    ]);
    expect(findings[1]).toMatchObject({ expected: 'maxItems 2', actual: '3 items' });
  });

  it('never echoes a value whose name says it is secret', () => {
    const [finding] = thing({ node: { type: 'CARD', card: { token: 'card-secret' } } });
    expect(finding).toMatchObject({ kind: 'constraint-violation', location: 'response.body/node/card/token' });
    expect(finding?.actual).toBe('[redacted string]');
    expect(JSON.stringify(finding)).not.toContain('card-secret');
  });

  it('names the spec node each finding disagrees with: the $ref target, not the property that points at it', () => {
    const schemaOf = (findings: Finding[]) => findings.map(({ kind, schema }) => ({ kind, schema }));
    expect(schemaOf(thing({ amount: '1,5' }))).toEqual([{ kind: 'constraint-violation', schema: '/components/schemas/Amount' }]);
    expect(schemaOf(thing({ status: 'PAUSED' }))).toEqual([{ kind: 'enum-mismatch', schema: '/components/schemas/Thing/properties/status' }]);
    expect(schemaOf(thing({ owner: {} }))).toEqual([{ kind: 'missing-required', schema: '/components/schemas/Owner' }]);
    const getThing200 = '/paths/~1things~1{thingId}/get/responses/200';
    expect(schemaOf(getThing({ headers: { 'content-type': 'application/json' } }))).toEqual([
      { kind: 'header-missing', schema: `${getThing200}/headers/X-Request-Id` },
    ]);
    expect(schemaOf(getThing({ headers: { 'content-type': 'text/html', 'x-request-id': 'r' }, bodyText: '<p>' }))).toEqual([
      { kind: 'content-type-mismatch', schema: `${getThing200}/content` },
    ]);
  });

  it('reports every problem of a body, not only the first', () => {
    expect(thing({ id: 1, status: 'X', createdAt: 'no' })).toHaveLength(3);
  });
});

describe('oneOf / anyOf', () => {
  it('reports the inner error of the branch the discriminator selects', () => {
    expect(summary(thing({ node: { type: 'BANK', bank: {} } }))).toEqual([
      { kind: 'missing-required', location: 'response.body/node/bank/accountNumber', discrepancy: ['D12'] },
    ]);
  });

  it('reports composition-mismatch when the discriminator names no branch', () => {
    const [finding, ...rest] = thing({ node: { type: 'WIRE' } });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: 'composition-mismatch',
      location: 'response.body/node',
      expected: 'one of CardNode, BankNode',
    });
  });

  it('without a discriminator, picks the branch declaring most of the body properties', () => {
    expect(summary(errorBody({ statusCode: 404, message: 'gone' }))).toEqual([
      { kind: 'missing-required', location: 'response.body/error' },
    ]);
  });

  it('reports composition-mismatch when no branch is clearly intended', () => {
    expect(summary(errorBody({ reason: 'gone' }))).toEqual([{ kind: 'composition-mismatch', location: 'response.body' }]);
  });

  it('reports composition-mismatch when a oneOf body matches several branches', () => {
    const both = { statusCode: 404, error: 'Not Found', message: 'gone', status: 404, code: '31', type: 'notFound' };
    expect(errorBody(both)[0]).toMatchObject({
      kind: 'composition-mismatch',
      actual: 'matches GatewayError and ProblemError',
    });
  });
});

describe('strict mode (undocumented-field)', () => {
  it('is additive, reported only in strict mode, with the enclosing discrepancy', () => {
    const body = { extra: 1, owner: { identityId: 'i', nickname: 'n' } };
    expect(thing(body)).toEqual([]);
    const findings = thing(body, true);
    expect(summary(findings)).toEqual([
      { kind: 'undocumented-field', location: 'response.body/extra' },
      { kind: 'undocumented-field', location: 'response.body/owner/nickname', discrepancy: ['D3'] },
    ]);
    expect(findings.every((finding) => finding.severity === 'additive')).toBe(true);
  });

  it('counts properties documented by every allOf part, and only those', () => {
    expect(thing({ details: { kind: 'k', note: 'n' } }, true)).toEqual([]);
    expect(summary(thing({ details: { kind: 'k', color: 'red' } }, true))).toEqual([
      { kind: 'undocumented-field', location: 'response.body/details/color' },
    ]);
  });

  it('counts properties of the matching oneOf branch, and only those', () => {
    expect(errorBody({ status: 404, code: '31', type: 'notFound', detail: 'd', traceId: 't' }, true)).toEqual([]);
    expect(summary(errorBody({ status: 404, code: '31', type: 'notFound', message: 'm' }, true))).toEqual([
      { kind: 'undocumented-field', location: 'response.body/message' },
    ]);
    expect(summary(thing({ node: { type: 'CARD', card: { token: 'tok_1', last4: '1' } } }, true))).toEqual([
      { kind: 'undocumented-field', location: 'response.body/node/card/last4' },
    ]);
  });

  it('does not add undocumented-field noise to a failed composition', () => {
    expect(summary(thing({ node: { type: 'BANK', bank: {}, extra: 1 } }, true))).toEqual([
      { kind: 'missing-required', location: 'response.body/node/bank/accountNumber', discrepancy: ['D12'] },
    ]);
  });
});

describe('inputs', () => {
  it('accepts a Headers object', () => {
    const headers = new Headers({ 'content-type': 'application/json', 'x-request-id': 'r' });
    expect(getThing({ headers })).toEqual([]);
  });

  it('refuses an operationId the spec does not have', () => {
    expect(() => validator.validateResponse({ operationId: 'nope', status: 200, headers: {}, bodyText: '' })).toThrow(
      /Unknown operationId "nope"/,
    );
  });
});
