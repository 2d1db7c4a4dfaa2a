// Type tests: checked by `npm run typecheck` (tsc over tests/), which fails if any
// `@ts-expect-error` below stops being an error. The calls sit in functions that never run.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createConomyClient,
  type AccessToken,
  type CheckoutSession,
  type components,
  type ConomyApiError,
  type CreatePaymentLinkBody,
  type ErrorBody,
  type ListItem,
  type PaginatedPath,
  type Payment,
  type PaymentLink,
  type WebhookNotification,
} from '../../src/index.js';

const throwing = createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-for-types' });
const lenient = createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-for-types', throwOnError: false });
const byId = { params: { path: { paymentLinkId: 'pl_1' } } };

describe('declared types', () => {
  it('friendly names are the generated schemas', () => {
    expectTypeOf<PaymentLink>().toEqualTypeOf<components['schemas']['PaymentLink']>();
    expectTypeOf<CheckoutSession>().toEqualTypeOf<components['schemas']['CheckoutSession']>();
    expectTypeOf<Payment>().toEqualTypeOf<components['schemas']['Payment']>();
    expectTypeOf<CreatePaymentLinkBody>().toEqualTypeOf<components['schemas']['CreatePaymentLinkBody']>();
    expectTypeOf<ErrorBody>().toEqualTypeOf<components['schemas']['GatewayError'] | components['schemas']['ProblemError']>();
    expectTypeOf<ConomyApiError['body']>().toEqualTypeOf<ErrorBody | undefined>();
    expectTypeOf<WebhookNotification['data']>().toEqualTypeOf<components['schemas']['TransactionNotification']['data']>();
  });

  it('derives the paths paginate() walks from the spec: the GETs that answer a page', () => {
    expectTypeOf<PaginatedPath>().toEqualTypeOf<'/payment-links' | '/checkout-sessions' | '/payments'>();
  });

  it('throwOnError (default) resolves to { data, response } with data present', () => {
    type Result = Awaited<ReturnType<typeof throwing.GET<'/payment-links/{paymentLinkId}', typeof byId>>>;
    expectTypeOf<Result>().toEqualTypeOf<{ data: PaymentLink; response: Response }>();
    type ViaRequest = Awaited<ReturnType<typeof throwing.request<'get', '/payment-links/{paymentLinkId}', typeof byId>>>;
    expectTypeOf<ViaRequest>().toEqualTypeOf<Result>();
    type Created = Awaited<ReturnType<typeof throwing.POST<'/auth', { body: { clientId: string; clientSecret: string } }>>>;
    expectTypeOf<Created['data']>().toEqualTypeOf<AccessToken>();
  });

  it('throwOnError: false keeps openapi-fetch\'s { data, error, response } union', () => {
    type Result = Awaited<ReturnType<typeof lenient.GET<'/payment-links/{paymentLinkId}', typeof byId>>>;
    expectTypeOf<Result['data']>().toEqualTypeOf<PaymentLink | undefined>();
    expectTypeOf<NonNullable<Result['error']>>().toEqualTypeOf<components['schemas']['ErrorBody']>();
  });

  it('throwOnError known only as a boolean compiles, and calls resolve to the union', async () => {
    const fromConfig = (flag: boolean) => createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-for-types', throwOnError: flag });
    type Either = Awaited<ReturnType<ReturnType<typeof fromConfig>['GET']>>;
    type Lenient = Awaited<ReturnType<typeof lenient.GET>>;
    expectTypeOf<Either>().toEqualTypeOf<Lenient>();
  });

  it('paginate() yields the list item type of each list operation', () => {
    expectTypeOf(throwing.paginate('/payment-links')).toEqualTypeOf<AsyncGenerator<PaymentLink, void, undefined>>();
    expectTypeOf<ListItem<'/checkout-sessions'>>().toEqualTypeOf<CheckoutSession>();
    expectTypeOf<ListItem<'/payments'>>().toEqualTypeOf<components['schemas']['PaymentList']['results'][number]>();
  });
});

// Never called: each marked line must fail to compile.
export function compileErrors(): void {
  // @ts-expect-error -- unknown path
  void throwing.GET('/payment-link');
  // @ts-expect-error -- path exists, method does not
  void throwing.PUT('/payment-links');
  // @ts-expect-error -- path parameter missing
  void throwing.GET('/payment-links/{paymentLinkId}', { params: { path: {} } });
  // @ts-expect-error -- wrong path parameter name
  void throwing.GET('/payment-links/{paymentLinkId}', { params: { path: { id: 'pl_1' } } });
  // @ts-expect-error -- query value of the wrong type
  void throwing.GET('/payment-links', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error -- unknown status value
  void throwing.GET('/payment-links', { params: { query: { status: ['PAID'] } } });
  // @ts-expect-error -- required body missing
  void throwing.POST('/payment-links', {});
  // @ts-expect-error -- body of the wrong shape
  void throwing.POST('/auth', { body: { clientId: 'clientid-test-01' } });
  // @ts-expect-error -- no operation takes header parameters (register D24); `headers` overrides the client's
  void throwing.GET('/payments', { params: { header: { 'conomyhq-api-version': '24-04-2025' } } });
  // @ts-expect-error -- paginate only walks list operations
  void throwing.paginate('/payments/{paymentId}');
  // @ts-expect-error -- credentials cannot be mixed
  createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-test-0001', clientId: 'clientid-test-01', clientSecret: 'secret-test-0001' });
  // @ts-expect-error -- apiKey is required
  createConomyClient({ accessToken: 'token-test-0001' });
  // @ts-expect-error -- a misspelt option key, where every option is optional, is refused too
  void throwing.GET('/payment-links', { parms: { query: { limit: 10 } } });
  // @ts-expect-error -- likewise with throwOnError: false
  void lenient.GET('/payment-links', { parms: { query: { limit: 10 } } });
  // @ts-expect-error -- a misspelt body key
  void throwing.POST('/auth', { bodyy: { clientId: 'clientid-test-01', clientSecret: 'secret-test-0001' } });
  // fetch's own options stay allowed
  void throwing.GET('/payment-links', { signal: AbortSignal.timeout(1000), cache: 'no-store', baseUrl: 'https://api.conomyhq.com/sandbox' });
}

// The schema called Error in earlier versions is ErrorBody: nothing exported shadows the global Error.
// @ts-expect-error -- no type named Error is exported
export type ShadowsError = import('../../src/index.js').Error;

export async function narrowing(): Promise<void> {
  const { data } = await throwing.GET('/payment-links/{paymentLinkId}', byId);
  expectTypeOf(data.checkoutToken).toEqualTypeOf<string>();
  const result = await lenient.GET('/payment-links/{paymentLinkId}', byId);
  // @ts-expect-error -- data may be undefined until the error is ruled out
  void result.data.id;
  if (result.error === undefined) expectTypeOf(result.data.id).toEqualTypeOf<string>();
}
