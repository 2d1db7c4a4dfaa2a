// Link deletion on any target. The checkout flow (flow.ts) activates its link, and an ACTIVE link
// cannot be deleted (D30), so this case takes a link that is never activated (status ATTEMPT):
// create it, read it back, delete it (204), and check that reading it again answers 404.
import { expect } from 'vitest';
import type { CaseContext, ContractCase } from '../support/cases.js';
import { paymentLinkBody, uniqueCheckoutToken } from './bodies.js';
import { expectGone, expectSent, FlowStopped, step } from './flow-steps.js';

export const linkDeletionCase: ContractCase = {
  operationId: 'deletePaymentLink',
  status: 204,
  title: 'a link never activated is created, read back, deleted, and gone',
  targets: ['mock', 'sandbox'],
  run: async (context) => {
    try {
      await createReadDelete(context);
    } catch (error) {
      // A link left behind by a stopped case is deleted by the drift run's cleanup.
      if (!(error instanceof FlowStopped)) throw error;
    }
  },
};

async function createReadDelete(context: CaseContext): Promise<void> {
  const { client, fixtures } = context;
  const body = paymentLinkBody(fixtures, uniqueCheckoutToken(fixtures, 'link-delete'));
  const link = await step(context, 'createPaymentLink', client.POST('/payment-links', { body }));

  const path = { paymentLinkId: link.id };
  const read = await step(context, 'getPaymentLink', client.GET('/payment-links/{paymentLinkId}', { params: { path } }), {
    readsBack: true,
  });
  expect(read.id, 'the link read back is the one created').toBe(link.id);

  await step(context, 'deletePaymentLink', client.DELETE('/payment-links/{paymentLinkId}', { params: { path } }));
  expectSent(context, 'deletePaymentLink', { path: `/payment-links/${encodeURIComponent(link.id)}` });

  await expectGone(context, 'getPaymentLink', (headers) => client.GET('/payment-links/{paymentLinkId}', { params: { path }, headers }));
}
