// One call of the real client per operation, so a case can send any request (the documented
// example, a generated body, a deliberately invalid one) to any operation through src/.
// The input is loose JSON because negative cases break the declared types on purpose; each
// line casts it once to that operation's declared options, so the path and method literals and
// the result type stay checked by the compiler.
import type { MaybeOptionalInit } from 'openapi-fetch';
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConomyApiError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ClientPaths,
  type ConomyClient,
} from '../../../src/index.js';
import { exampleRequest } from './example-request.js';
import type { ContractSpec } from './spec.js';

export interface CallInput {
  params: { path?: Record<string, string>; query?: Record<string, unknown> };
  body?: unknown;
  /** Extra request headers, e.g. Prism's `Prefer`. */
  headers?: Record<string, string>;
}

export type CallResult = { data: unknown; response: Response };
type ClientCall = (client: ConomyClient, input: CallInput) => Promise<CallResult>;
type Init<Path extends keyof ClientPaths, Method extends keyof ClientPaths[Path]> = NonNullable<
  MaybeOptionalInit<ClientPaths[Path], Method>
>;

const CLIENT_CALLS: Readonly<Record<string, ClientCall>> = {
  createAccessToken: (client, input) => client.POST('/auth', input as Init<'/auth', 'post'>),
  listPaymentLinks: (client, input) => client.GET('/payment-links', input as Init<'/payment-links', 'get'>),
  createPaymentLink: (client, input) => client.POST('/payment-links', input as Init<'/payment-links', 'post'>),
  getPaymentLink: (client, input) =>
    client.GET('/payment-links/{paymentLinkId}', input as Init<'/payment-links/{paymentLinkId}', 'get'>),
  deletePaymentLink: (client, input) =>
    client.DELETE('/payment-links/{paymentLinkId}', input as Init<'/payment-links/{paymentLinkId}', 'delete'>),
  activatePaymentLink: (client, input) =>
    client.POST('/payment-links/{paymentLinkId}/activate', input as Init<'/payment-links/{paymentLinkId}/activate', 'post'>),
  createCheckoutSessionFromPaymentLink: (client, input) =>
    client.POST(
      '/payment-links/token/{checkoutToken}/checkout-sessions',
      input as Init<'/payment-links/token/{checkoutToken}/checkout-sessions', 'post'>,
    ),
  listCheckoutSessions: (client, input) => client.GET('/checkout-sessions', input as Init<'/checkout-sessions', 'get'>),
  createCheckoutSession: (client, input) => client.POST('/checkout-sessions', input as Init<'/checkout-sessions', 'post'>),
  getCheckoutSession: (client, input) =>
    client.GET('/checkout-sessions/{checkoutSessionId}', input as Init<'/checkout-sessions/{checkoutSessionId}', 'get'>),
  deleteCheckoutSession: (client, input) =>
    client.DELETE('/checkout-sessions/{checkoutSessionId}', input as Init<'/checkout-sessions/{checkoutSessionId}', 'delete'>),
  createCheckoutSessionPayment: (client, input) =>
    client.POST(
      '/checkout-sessions/{checkoutSessionId}/payments',
      input as Init<'/checkout-sessions/{checkoutSessionId}/payments', 'post'>,
    ),
  refreshCheckoutSession: (client, input) =>
    client.POST(
      '/checkout-sessions/token/{checkoutToken}/refresh',
      input as Init<'/checkout-sessions/token/{checkoutToken}/refresh', 'post'>,
    ),
  listPayments: (client, input) => client.GET('/payments', input as Init<'/payments', 'get'>),
  getPayment: (client, input) => client.GET('/payments/{paymentId}', input as Init<'/payments/{paymentId}', 'get'>),
  listAvailableProducts: (client, input) =>
    client.GET('/payments/available-products', input as Init<'/payments/available-products', 'get'>),
};

/** Calls `operationId` through the client. */
export function callOperation(client: ConomyClient, operationId: string, input: CallInput): Promise<CallResult> {
  const call = CLIENT_CALLS[operationId];
  if (!call) throw new Error(`No client call for operation "${operationId}" in tests/contract/support/client-calls.ts`);
  return call(client, input);
}

/** The operations the table can call. */
export const callableOperations: readonly string[] = Object.keys(CLIENT_CALLS);

/**
 * The documented example request of an operation as client input: path parameters and body.
 * The example's headers are left out: the client sends its own User-Agent and content type.
 */
export function exampleInput(spec: ContractSpec, operationId: string): CallInput {
  const request = exampleRequest(spec, operationId);
  const [pathname = '', search = ''] = request.path.split('?');
  const segments = pathname.split('/');
  const path: Record<string, string> = {};
  for (const [index, part] of spec.operation(operationId).path.split('/').entries()) {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name !== undefined) path[name] = decodeURIComponent(segments[index] ?? '');
  }
  const query = Object.fromEntries(new URLSearchParams(search));
  return { params: { path, query }, ...(request.body === undefined ? {} : { body: JSON.parse(request.body) as unknown }) };
}

/** The error class the client must throw for a status, stated here independently of src/. */
export function errorClassFor(status: number): typeof ConomyApiError {
  const byStatus: Record<number, typeof ConomyApiError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? InternalServerError : ConomyApiError);
}

export type Settled = { data: unknown; error?: undefined } | { error: ConomyApiError; data?: undefined };

/** The call's data, or the API error it threw; any other failure (a guard, the network) propagates. */
export async function settle(call: Promise<CallResult>): Promise<Settled> {
  try {
    return { data: (await call).data };
  } catch (error) {
    if (error instanceof ConomyApiError) return { error };
    throw error;
  }
}
