// Invalid requests derived from the spec: one broken constraint each, and only ones the spec forbids.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyMutations, parameterMutations, type SchemaCheck } from '../support/generate/request-mutations.js';
import { loadSpec, type ContractSpec } from '../../../src/contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../../src/contract/judge/validator.js';

const scratch = mkdtempSync(join(tmpdir(), 'contract-mutations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function checkFor(spec: ContractSpec): SchemaCheck {
  const validator = responseValidatorFor(spec);
  return (pointer, value) => validator.schemaAt(pointer)(value) === true;
}

describe('bodyMutations', () => {
  it('breaks each constraint of the example once, leaving the rest of the request as it was', () => {
    const mini = loadSpec(fileURLToPath(new URL('../fixtures/mini-api.yaml', import.meta.url)));
    expect(bodyMutations(mini, 'createThing', checkFor(mini))).toEqual([
      { title: 'body /amount: missing', constraint: 'required', input: { params: { path: {}, query: {} }, body: {} } },
      {
        title: 'body /amount: a number instead of string',
        constraint: 'type',
        input: { params: { path: {}, query: {} }, body: { amount: 12345 } },
      },
      {
        title: 'body /amount: "!" does not match ^\\d+(\\.\\d+)?$',
        constraint: 'pattern',
        input: { params: { path: {}, query: {} }, body: { amount: '!' } },
      },
    ]);
  });

  it('keeps only changes the spec forbids (a dropped property another branch allows is no negative case)', () => {
    const file = join(scratch, 'any-of.yaml');
    writeFileSync(
      file,
      [
        'openapi: 3.1.0',
        'info: { title: t, version: "1" }',
        'paths:',
        '  /pairs:',
        '    post:',
        '      operationId: createPair',
        '      requestBody:',
        '        required: true',
        '        content:',
        '          application/json:',
        '            schema:',
        '              anyOf:',
        '                - { type: object, required: [a], properties: { a: { type: string } } }',
        '                - { type: object, required: [b], properties: { b: { type: string } } }',
        '            example: { a: x, b: y }',
        '      responses:',
        '        "201": { description: created }',
      ].join('\n'),
    );
    const spec = loadSpec(file);
    const titles = bodyMutations(spec, 'createPair', checkFor(spec)).map((mutation) => mutation.title);
    expect(titles).toEqual([]);
  });

  const spec = loadSpec();
  const titles = (operationId: string) => bodyMutations(spec, operationId, checkFor(spec)).map((mutation) => mutation.title);

  it('derives the constraints the issue names from openapi.yaml', () => {
    expect(titles('createPaymentLink')).toEqual(
      expect.arrayContaining([
        ...['checkoutToken', 'items', 'currency', 'paymentMethodsAllowed', 'destinations', 'duration', 'owner'].map(
          (name) => `body /${name}: missing`,
        ),
        'body /duration: 29, below the minimum 30',
        'body /duration: a string instead of integer',
        'body /paymentMethodsAllowed: fewer than 1 items',
        'body /paymentMethodsAllowed/0: "NOT_DOCUMENTED" is not in the enum',
        'body /items/0/totalAmount: "!" does not match ^\\d+(\\.\\d+)?$',
        'body /successUrl: "not a uri" is no uri',
        'body /owner/undocumentedProperty: undocumented property',
      ]),
    );
  });

  it('follows each documented example through its oneOf branch', () => {
    expect(titles('createCheckoutSession')).toEqual(
      expect.arrayContaining(['body "fullOffer" /owner/identityId: missing', 'body "fromCheckoutToken" /customer: missing']),
    );
    expect(titles('createCheckoutSessionPayment')).toEqual(
      expect.arrayContaining([
        'body "origins" /origins/0/etpay/customer/firstName: missing',
        'body "paymentMethod" /undocumentedProperty: undocumented property',
      ]),
    );
    expect(titles('activatePaymentLink')).toEqual(['body /undocumentedProperty: undocumented property']);
  });

  it('derives only requests the spec forbids', () => {
    const isValid = checkFor(spec);
    for (const operation of spec.operations) {
      for (const mutation of bodyMutations(spec, operation.operationId, isValid)) {
        const pointer = `${operation.pointer}/requestBody/content/application~1json/schema`;
        expect(isValid(pointer, mutation.input.body), `${operation.operationId} ${mutation.title}`).toBe(false);
      }
    }
  });
});

describe('parameterMutations', () => {
  const spec = loadSpec();

  it('breaks bounds, types, enums, patterns and formats of query parameters, never lengths', () => {
    const mutations = parameterMutations(spec, 'listPaymentLinks', checkFor(spec));
    expect(mutations.map(({ title, input }) => [title, input.params.query])).toEqual(
      expect.arrayContaining([
        ['query limit: 51, above the maximum 50', { limit: 51 }],
        ['query limit: -1, below the minimum 0', { limit: -1 }],
        ['query limit: "not-a-number" instead of integer', { limit: 'not-a-number' }],
        ['query status: "NOT_DOCUMENTED" is not in the enum', { status: ['NOT_DOCUMENTED'] }],
        ['query customer.email: "not-an-email" is no email', { 'customer.email': ['not-an-email'] }],
      ]),
    );
    expect(mutations.filter((mutation) => mutation.constraint === 'minLength')).toEqual([]);
  });
});
