// The checkout flow end to end, on any target, once per documented payment body shape:
// create a link, activate it, open a session from its token, read it, list sessions with
// filters, pay it, list payments by session, read the payment, refresh the session, then
// delete the session and the link. Every step sends what the previous answers returned (the
// recorded requests prove it), and the runner validates every answer. On the mock, Prism
// answers with examples; on the sandbox a refused step, a resource that cannot be read back
// or one still there after deletion is reported as a finding, and the flow stops cleanly
// (flow-steps.ts). The activated link cannot be deleted (D30): link-deletion.ts deletes one
// that never was, and is one of the flow cases.
import { expect } from 'vitest';
import {
  UnprocessableEntityError,
  type CheckoutSession,
  type CreateCheckoutSessionPaymentBody,
  type PaymentLink,
} from '../../../src/index.js';
import type { CaseContext, ContractCase } from '../support/cases.js';
import { settle } from '../support/client-calls.js';
import { paymentLinkBody, uniqueCheckoutToken } from './bodies.js';
import { lastExchange } from './builders.js';
import { expectGone, expectSent, FlowStopped, rejected, step, stepOrStop } from './flow-steps.js';
import { linkDeletionCase } from './link-deletion.js';

type PaymentShape = 'origins' | 'paymentMethod';

const SHAPE_TITLES: Record<PaymentShape, string> = {
  origins: 'origins and an etpay payload',
  paymentMethod: 'a payment method and customer',
};

const checkoutFlowCases: ContractCase[] = (['origins', 'paymentMethod'] as const).map((shape) => ({
  operationId: 'createCheckoutSessionPayment',
  status: 200,
  title: `the checkout flow end to end, paying with ${SHAPE_TITLES[shape]}`,
  targets: ['mock', 'sandbox'],
  run: (context) => checkoutFlow(context, shape),
}));

/** The flows, and the deletion of a link the flow could not delete because it activated it. */
export const flowCases: ContractCase[] = [...checkoutFlowCases, linkDeletionCase];

/** What the flow created, for the cleanup. */
interface Created {
  link?: PaymentLink;
  linkActivated?: boolean;
  session?: CheckoutSession;
}

async function checkoutFlow(context: CaseContext, shape: PaymentShape): Promise<void> {
  const created: Created = {};
  try {
    await payThroughLink(context, shape, created);
  } catch (error) {
    if (!(error instanceof FlowStopped)) throw error;
  } finally {
    await cleanUp(context, created);
  }
}

async function payThroughLink(context: CaseContext, shape: PaymentShape, created: Created): Promise<void> {
  const { client, fixtures } = context;
  const checkoutToken = uniqueCheckoutToken(fixtures, `flow-${shape}`);
  const link = await step(context, 'createPaymentLink', client.POST('/payment-links', { body: paymentLinkBody(fixtures, checkoutToken) }));
  created.link = link;

  await step(context, 'activatePaymentLink', client.POST('/payment-links/{paymentLinkId}/activate', {
    params: { path: { paymentLinkId: link.id } },
    body: {},
  }));
  created.linkActivated = true;
  expectSent(context, 'activatePaymentLink', { path: `/payment-links/${encodeURIComponent(link.id)}/activate` });

  const session = await step(context, 'createCheckoutSessionFromPaymentLink', client.POST(
    '/payment-links/token/{checkoutToken}/checkout-sessions',
    { params: { path: { checkoutToken: link.checkoutToken } }, body: {} },
  ));
  created.session = session;
  expectSent(context, 'createCheckoutSessionFromPaymentLink', {
    path: `/payment-links/token/${encodeURIComponent(link.checkoutToken)}/checkout-sessions`,
  });

  const sessionPath = { checkoutSessionId: session.id };
  const read = await step(context, 'getCheckoutSession', client.GET('/checkout-sessions/{checkoutSessionId}', {
    params: { path: sessionPath },
  }), { readsBack: true });
  expect(read.id, 'the session read back is the one opened').toBe(session.id);

  // Optional chaining: on the sandbox a malformed answer is a finding already, not a crash here.
  const filters = {
    identityId: session.owner?.identityId ?? fixtures.identityId,
    accountNumber: session.destinations[0]?.account?.accountNumber ?? fixtures.accountNumber,
    sort: 'createdAt:desc',
    limit: 50,
  };
  const sessions = await step(context, 'listCheckoutSessions', client.GET('/checkout-sessions', { params: { query: filters } }));
  expectSent(context, 'listCheckoutSessions', { query: { identityId: filters.identityId, accountNumber: filters.accountNumber } });
  expectListed(context, 'listCheckoutSessions', sessions.results, session.id);

  const body = paymentBody(shape, session);
  const payment = await step(context, 'createCheckoutSessionPayment', client.POST(
    '/checkout-sessions/{checkoutSessionId}/payments',
    { params: { path: sessionPath }, body },
  ));
  expectSent(context, 'createCheckoutSessionPayment', {
    path: `/checkout-sessions/${encodeURIComponent(session.id)}/payments`,
    body,
  });

  const payments = await step(context, 'listPayments', client.GET('/payments', { params: { query: { checkoutSessionId: session.id } } }));
  expectSent(context, 'listPayments', { query: { checkoutSessionId: session.id } });
  expectListed(context, 'listPayments', payments.results, payment.id);

  const readPayment = await step(context, 'getPayment', client.GET('/payments/{paymentId}', {
    params: { path: { paymentId: payment.id } },
  }), { readsBack: true });
  expect(readPayment.id, 'the payment read back is the one submitted').toBe(payment.id);

  const refreshToken = session.checkoutToken ?? link.checkoutToken;
  await step(context, 'refreshCheckoutSession', client.POST('/checkout-sessions/token/{checkoutToken}/refresh', {
    params: { path: { checkoutToken: refreshToken } },
    body: {},
  }));
  expectSent(context, 'refreshCheckoutSession', { path: `/checkout-sessions/token/${encodeURIComponent(refreshToken)}/refresh` });
}

/** Deletes the session, then the link, each checked gone afterwards. Nothing else is touched. */
async function cleanUp(context: CaseContext, { link, linkActivated, session }: Created): Promise<void> {
  const { client } = context;
  if (session) {
    const path = { checkoutSessionId: session.id };
    const deleted = await stepOrStop(
      context,
      'deleteCheckoutSession',
      client.DELETE('/checkout-sessions/{checkoutSessionId}', { params: { path } }),
    );
    if (deleted) {
      await expectGone(context, 'getCheckoutSession', (headers) =>
        client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path }, headers }),
      );
    }
  }
  if (link) {
    const path = { paymentLinkId: link.id };
    const outcome = await settle(client.DELETE('/payment-links/{paymentLinkId}', { params: { path } }));
    // Only ATTEMPT and EXPIRED links can be deleted (D30): refusing an activated one is documented,
    // and the link expires on its own after its short `duration`.
    if (outcome.error instanceof UnprocessableEntityError && linkActivated) return;
    if (outcome.error && outcome.error.status >= 500) throw outcome.error;
    if (outcome.error) return rejected(context, 'deletePaymentLink', outcome.error);
    await expectGone(context, 'getPaymentLink', (headers) => client.GET('/payment-links/{paymentLinkId}', { params: { path }, headers }));
  }
}

/**
 * On a real API a list filtered to what the flow created must contain it. Prism answers lists
 * with their example, so there is nothing to look for on the mock.
 */
function expectListed(context: CaseContext, operationId: string, results: { id: string }[], id: string): void {
  if (context.target === 'mock' || results.some((item) => item.id === id)) return;
  context.report('unavailable-after-create', {
    operationId,
    status: lastExchange(context, operationId).status,
    location: 'response.body/results',
    expected: `an item with id ${id}`,
    actual: `${results.length} items without it`,
    message: 'the filtered list does not contain what the flow had just created',
  });
}

/** The payment in one of the two documented shapes, for the session's amount and currency. */
function paymentBody(shape: PaymentShape, session: CheckoutSession): CreateCheckoutSessionPaymentBody {
  const customer = { firstName: 'Contract', email: 'contract-suite@example.com' };
  if (shape === 'paymentMethod') return { paymentMethod: 'ETPAY', customer };
  return {
    origins: [
      {
        type: 'ETPAY',
        name: 'ETPAY',
        amount: session.totalAmount,
        currency: session.currency,
        etpay: {
          successUrl: 'https://example.com/contract-suite/success',
          failedUrl: 'https://example.com/contract-suite/failed',
          customer,
        },
      },
    ],
  };
}
