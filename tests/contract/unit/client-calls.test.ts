// The per-operation client calls: one for every operation, each hitting its own method and path.
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConomyApiError,
  ConomyError,
  createConomyClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../../src/index.js';
import { callOperation, errorClassFor, exampleInput, settle } from '../../../src/contract/run/client-calls.js';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';

const spec = loadSpec();
const BASE = 'http://127.0.0.1:4010';

function recordingClient(answer: () => Response = () => Response.json({})) {
  const requests: Request[] = [];
  const client = createConomyClient({
    apiKey: 'unit-key',
    accessToken: 'unit-token',
    baseUrl: BASE,
    maxRetries: 0,
    fetch: async (request) => (requests.push(request), answer()),
  });
  return { client, requests };
}

describe('callOperation', () => {
  it('refuses an operationId that is none, saying where the table comes from', () => {
    const { client } = recordingClient();
    expect(() => callOperation(client, 'toString', { params: {} })).toThrow(/Unknown operation "toString": src\/generated\/operations\.ts has none/);
  });

  for (const operation of spec.operations) {
    it(`${operation.operationId} sends ${operation.method} ${operation.path} with the example's values`, async () => {
      const { client, requests } = recordingClient();
      const input = exampleInput(spec, operation.operationId);
      await callOperation(client, operation.operationId, { ...input, headers: { prefer: 'code=200' } });
      const [request] = requests;
      const path = new URL(request?.url ?? '').pathname;
      expect(request?.method).toBe(operation.method);
      expect(spec.findOperation(request?.method ?? '', path)?.operationId).toBe(operation.operationId);
      expect(request?.headers.get('prefer')).toBe('code=200');
      const sentBody = request?.body ? JSON.parse(await request.text()) : undefined;
      expect(sentBody).toEqual(input.body);
    });
  }
});

describe('exampleInput', () => {
  it('takes path parameters and the body from the examples', () => {
    expect(exampleInput(spec, 'getPaymentLink')).toEqual({ params: { path: { paymentLinkId: '6931f0a2addea901a6014501' }, query: {} } });
    expect(exampleInput(spec, 'createAccessToken').body).toEqual({
      clientId: '2f4c9b7e-6a1d-4e3b-9c58-7d1e0a6b3f21',
      clientSecret: 'sk_sandbox_0c1d2e3f4a5b6c7d8e9f',
    });
  });
});

describe('errorClassFor', () => {
  it('names the class the client must throw for each status', () => {
    const classes = [400, 401, 403, 404, 409, 422, 429, 500, 503, 418].map((status) => errorClassFor(status));
    expect(classes).toEqual([
      BadRequestError,
      AuthenticationError,
      PermissionDeniedError,
      NotFoundError,
      ConflictError,
      UnprocessableEntityError,
      RateLimitError,
      InternalServerError,
      InternalServerError,
      ConomyApiError,
    ]);
  });
});

describe('settle', () => {
  it('gives the data, or the API error, and lets any other failure through', async () => {
    const ok = recordingClient(() => Response.json({ accessToken: 'token-test-0001', tokenType: 'Bearer', expiresIn: 1 }));
    expect(await settle(callOperation(ok.client, 'createAccessToken', exampleInput(spec, 'createAccessToken')))).toEqual({
      data: { accessToken: 'token-test-0001', tokenType: 'Bearer', expiresIn: 1 },
    });
    const refused = recordingClient(() => Response.json({ statusCode: 404, error: 'Not Found', message: 'm' }, { status: 404 }));
    const { error } = await settle(callOperation(refused.client, 'getPayment', exampleInput(spec, 'getPayment')));
    expect(error).toBeInstanceOf(NotFoundError);
    const guarded = callOperation(ok.client, 'getPayment', { params: { path: { paymentId: '..' } } });
    await expect(settle(guarded)).rejects.toBeInstanceOf(ConomyError);
  });
});
