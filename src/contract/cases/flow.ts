// The checkout flow end to end, on any target, once per way of opening a session and documented
// payment body shape:
// - through a payment link: create it, list links, read it, activate it, open a session from its
//   token, then the session steps, paying with origins and an etpay payload;
// - directly: create a session from a full offer, then the session steps, paying with a payment
//   method and customer.
// The session steps: list sessions, read the session, refresh it, pay it, list payments by
// session, read the payment, delete the session and check it is gone. Every step sends what the
// previous answers returned (the recorded requests prove it) and is exercised as soon as its
// inputs exist (flow-steps.ts), so one drifting answer does not hide the operations after it.
// The activated link cannot be deleted (D30): link-deletion.ts deletes one that never was.
import type { CheckoutSession, CreateCheckoutSessionPaymentBody, Currency } from '../../index.js';
import { UnprocessableEntityError } from '../../index.js';
import type { CaseContext, ContractCase } from '../run/case.js';
import { uniqueCheckoutToken } from './bodies.js';
import { lastExchange } from '../run/checks.js';
import {
  createOffer,
  expectGone,
  expectListed,
  expectSame,
  expectSent,
  firstOf,
  idInList,
  idOf,
  step,
  tokenOf,
  type Got,
} from './flow-steps.js';
import { linkDeletionCase } from './link-deletion.js';

type PaymentShape = 'origins' | 'paymentMethod';

const checkoutFlowCases: ContractCase[] = [
  {
    operationId: 'createCheckoutSessionPayment',
    status: 200,
    title: 'the checkout flow through a payment link, paying with origins and an etpay payload',
    targets: ['mock', 'sandbox'],
    run: (context) => flowThroughLink(context),
  },
  {
    operationId: 'createCheckoutSessionPayment',
    status: 200,
    title: 'the checkout flow through a session created directly, paying with a payment method and customer',
    targets: ['mock', 'sandbox'],
    run: (context) => flowThroughSession(context),
  },
];

/** Reads the rails the identity can offer; it changes nothing. */
const availableProductsCase: ContractCase = {
  operationId: 'listAvailableProducts',
  status: 200,
  title: "reads the identity's available products",
  targets: ['mock', 'sandbox'],
  run: async (context) => {
    const { identityId, currency } = context.fixtures;
    const query = { identityId, currencies: [currency as Currency] };
    await step(context, 'listAvailableProducts', [], () => context.client.GET('/payments/available-products', { params: { query } }));
    expectSent(context, 'listAvailableProducts', { query: { identityId } });
  },
};

/** The flows, the deletion of a link the link flow cannot delete because it activated it, and a read. */
export const flowCases: ContractCase[] = [...checkoutFlowCases, linkDeletionCase, availableProductsCase];

async function flowThroughLink(context: CaseContext): Promise<void> {
  const { client, fixtures } = context;
  const checkoutToken = uniqueCheckoutToken(fixtures, 'flow-link');
  const link = await createOffer(context, 'createPaymentLink', checkoutToken, (body) => client.POST('/payment-links', { body }));
  // By id when the create answer has one; else the identity's links, to find it by its token.
  const createdId = idOf(link, 'createPaymentLink');
  const query = createdId.ok ? { id: [createdId.value] } : { 'owner.identityId': [fixtures.identityId], limit: 50 };
  const links = await step(context, 'listPaymentLinks', [], () => client.GET('/payment-links', { params: { query } }));
  const linkId = firstOf(createdId, idInList(links, 'listPaymentLinks', (item) => item.checkoutToken === checkoutToken));
  expectListed(context, 'listPaymentLinks', links, query, linkId);

  const read = await step(context, 'getPaymentLink', [linkId], ([paymentLinkId]) =>
    client.GET('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId } } }), { readsBack: true });
  expectSame(context, 'getPaymentLink', read, linkId);

  const activated = await step(context, 'activatePaymentLink', [linkId], ([paymentLinkId]) =>
    client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId } }, body: {} }));
  if (linkId.ok) expectSent(context, 'activatePaymentLink', { path: `/payment-links/${encodeURIComponent(linkId.value)}/activate` });

  const linkToken = tokenOf(link, checkoutToken);
  const session = await step(context, 'createCheckoutSessionFromPaymentLink', [activated], () =>
    client.POST('/payment-links/token/{checkoutToken}/checkout-sessions', { params: { path: { checkoutToken: linkToken } }, body: {} }));
  if (activated.ok) {
    const path = `/payment-links/token/${encodeURIComponent(linkToken)}/checkout-sessions`;
    expectSent(context, 'createCheckoutSessionFromPaymentLink', { path });
  }

  await sessionSteps(context, { session, createdBy: 'createCheckoutSessionFromPaymentLink', checkoutToken: linkToken }, 'origins');
  await deleteActivatedLink(context, linkId, activated.ok);
}

async function flowThroughSession(context: CaseContext): Promise<void> {
  const { client, fixtures } = context;
  const checkoutToken = uniqueCheckoutToken(fixtures, 'flow-session');
  const session = await createOffer(context, 'createCheckoutSession', checkoutToken, (body) => client.POST('/checkout-sessions', { body }));
  await sessionSteps(context, { session, createdBy: 'createCheckoutSession', checkoutToken: tokenOf(session, checkoutToken) }, 'paymentMethod');
}

interface OpenedSession {
  session: Got<CheckoutSession>;
  createdBy: string;
  checkoutToken: string;
}

async function sessionSteps(context: CaseContext, opened: OpenedSession, shape: PaymentShape): Promise<void> {
  const { client, fixtures } = context;
  const { session, createdBy, checkoutToken } = opened;
  const filters = { identityId: fixtures.identityId, accountNumber: fixtures.accountNumber, sort: 'createdAt:desc', limit: 50 };
  const sessions = await step(context, 'listCheckoutSessions', [], () => client.GET('/checkout-sessions', { params: { query: filters } }));
  expectSent(context, 'listCheckoutSessions', { query: { identityId: filters.identityId, accountNumber: filters.accountNumber } });
  const sessionId = firstOf(
    idOf(session, createdBy),
    idInList(sessions, 'listCheckoutSessions', (item) => item.checkoutToken === checkoutToken),
  );
  expectListed(context, 'listCheckoutSessions', sessions, filters, session.ok ? sessionId : undefined);

  const path = (checkoutSessionId: string) => ({ params: { path: { checkoutSessionId } } });
  const read = await step(context, 'getCheckoutSession', [sessionId], ([id]) =>
    client.GET('/checkout-sessions/{checkoutSessionId}', path(id)), { readsBack: true });
  expectSame(context, 'getCheckoutSession', read, sessionId);

  // Before paying: a session whose payment is under way may no longer be refreshed. It needs the
  // session to exist (created, or found in the list), not its id.
  const exists = firstOf<unknown>(session, sessionId);
  await step(context, 'refreshCheckoutSession', [exists], () =>
    client.POST('/checkout-sessions/token/{checkoutToken}/refresh', { params: { path: { checkoutToken } }, body: {} }));
  if (exists.ok) {
    expectSent(context, 'refreshCheckoutSession', { path: `/checkout-sessions/token/${encodeURIComponent(checkoutToken)}/refresh` });
  }

  const body = paymentBody(shape, session.ok ? session.value : undefined, fixtures.currency);
  const payment = await step(context, 'createCheckoutSessionPayment', [sessionId], ([id]) =>
    client.POST('/checkout-sessions/{checkoutSessionId}/payments', { ...path(id), body }));
  if (sessionId.ok) {
    const sent = `/checkout-sessions/${encodeURIComponent(sessionId.value)}/payments`;
    expectSent(context, 'createCheckoutSessionPayment', { path: sent, body });
  }

  const payments = await step(context, 'listPayments', [sessionId], ([checkoutSessionId]) =>
    client.GET('/payments', { params: { query: { checkoutSessionId } } }));
  if (sessionId.ok) expectSent(context, 'listPayments', { query: { checkoutSessionId: sessionId.value } });
  const paymentId = firstOf(idOf(payment, 'createCheckoutSessionPayment'), idInList(payments, 'listPayments', () => true));
  if (sessionId.ok) expectListed(context, 'listPayments', payments, { checkoutSessionId: sessionId.value }, payment.ok ? paymentId : undefined);
  const readPayment = await step(context, 'getPayment', [paymentId], ([id]) =>
    client.GET('/payments/{paymentId}', { params: { path: { paymentId: id } } }), { readsBack: true });
  expectSame(context, 'getPayment', readPayment, paymentId);

  const deleted = await step(context, 'deleteCheckoutSession', [sessionId], ([id]) =>
    client.DELETE('/checkout-sessions/{checkoutSessionId}', path(id)));
  if (deleted.ok && sessionId.ok) {
    const id = sessionId.value;
    await expectGone(context, 'getCheckoutSession', (headers) => client.GET('/checkout-sessions/{checkoutSessionId}', { ...path(id), headers }));
  }
}

/**
 * An ACTIVE link cannot be deleted (D30): a 422 is the documented answer, and the link expires
 * on its own after its short `duration`. Deleting it anyway is checked like any deletion.
 */
async function deleteActivatedLink(context: CaseContext, linkId: Got<string>, activated: boolean): Promise<void> {
  const { client } = context;
  const refusal = activated ? { expected: '422', what: 'for deleting an ACTIVE link', discrepancy: ['D30'] } : {};
  const deleted = await step(context, 'deletePaymentLink', [linkId], async ([paymentLinkId]) => {
    try {
      await client.DELETE('/payment-links/{paymentLinkId}', { params: { path: { paymentLinkId } } });
      return { data: true };
    } catch (error) {
      if (error instanceof UnprocessableEntityError && activated) return { data: false };
      throw error;
    }
  }, { refusal });
  if (!deleted.ok || !deleted.value || !linkId.ok) return;
  if (activated && context.target !== 'mock') {
    const { status } = lastExchange(context, 'deletePaymentLink');
    context.report('request-accepted', {
      operationId: 'deletePaymentLink',
      status,
      expected: '422',
      actual: String(status),
      message: 'an ACTIVE link was deleted, although the spec refuses that with 422',
      discrepancy: ['D30'],
    });
  }
  const path = { paymentLinkId: linkId.value };
  await expectGone(context, 'getPaymentLink', (headers) => client.GET('/payment-links/{paymentLinkId}', { params: { path }, headers }));
}

/** The payment in one of the two documented shapes, for the session's amount and currency. */
function paymentBody(shape: PaymentShape, session: CheckoutSession | undefined, currency: string): CreateCheckoutSessionPaymentBody {
  const customer = { firstName: 'Contract', email: 'contract-suite@example.com' };
  if (shape === 'paymentMethod') return { paymentMethod: 'ETPAY', customer };
  return {
    origins: [
      {
        type: 'ETPAY',
        name: 'ETPAY',
        amount: typeof session?.totalAmount === 'string' ? session.totalAmount : '1000',
        currency: typeof session?.currency === 'string' ? session.currency : (currency as Currency),
        etpay: {
          successUrl: 'https://example.com/contract-suite/success',
          failedUrl: 'https://example.com/contract-suite/failed',
          customer,
        },
      },
    ],
  };
}
