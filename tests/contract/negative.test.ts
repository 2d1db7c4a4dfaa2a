// Negative cases: requests the spec forbids are refused and surface as the right error
// (cases/negative.ts); and the client's own guards refuse what must never be sent at all.
import { describe, expect, inject, it } from 'vitest';
import { placeholderNames } from '../../lib/spec/index.mjs';
import { ConomyError, createConomyClient } from '../../src/index.js';
import { negativeCases } from './cases/negative.js';
import { callOperation, exampleInput } from '../../src/contract/run/client-calls.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { defineContractCases } from './support/suite.js';

defineContractCases(negativeCases);

describe('client guards', () => {
  const spec = loadSpec();
  const { baseUrl } = inject('contractRun');
  const options = { apiKey: 'guard-check-key', accessToken: 'guard-check-token', baseUrl };

  const withPathParameters = spec.operations.filter((operation) => placeholderNames(operation.path).length > 0);
  for (const operation of withPathParameters) {
    const input = exampleInput(spec, operation.operationId);
    for (const name of Object.keys(input.params.path ?? {})) {
      for (const value of ['', '.', '..']) {
        it(`${operation.operationId}: path parameter ${name} = ${JSON.stringify(value)} is refused before any request`, async () => {
          const sent: Request[] = [];
          const client = createConomyClient({ ...options, fetch: async (request) => (sent.push(request), new Response('{}')) });
          const params = { ...input.params, path: { ...input.params.path, [name]: value } };
          const call = callOperation(client, operation.operationId, { ...input, params });
          await expect(call).rejects.toThrow(ConomyError);
          await expect(call).rejects.toThrow(`Path parameter "${name}"`);
          expect(sent).toEqual([]);
        });
      }
    }
  }

  // What the declared types already refuse, at run time too (callers may not use TypeScript).
  const untypedOptions = (value: object) => value as Parameters<typeof createConomyClient>[0];

  it('a client without an API key is refused', () => {
    for (const apiKey of [undefined, '', '   ']) {
      expect(() => createConomyClient(untypedOptions({ ...options, apiKey }))).toThrow(/apiKey is required/);
    }
  });

  it('a client without credentials for the bearer token is refused', () => {
    expect(() => createConomyClient(untypedOptions({ apiKey: 'guard-check-key', baseUrl }))).toThrow(
      'Pass exactly one of: clientId + clientSecret, accessToken, or getAccessToken',
    );
  });
});
