// Link deletion on any target. The checkout flow (flow.ts) activates its link, and an ACTIVE link
// cannot be deleted (D30), so this case takes a link that is never activated (status ATTEMPT):
// create it, read it back, delete it (204), and check that reading it again answers 404.
import type { CaseContext, ContractCase } from '../run/case.js';
import { uniqueCheckoutToken } from './bodies.js';
import { createOffer, expectGone, expectSame, expectSent, idOf, step } from './flow-steps.js';

export const linkDeletionCase: ContractCase = {
  operationId: 'deletePaymentLink',
  status: 204,
  title: 'a link never activated is created, read back, deleted, and gone',
  targets: ['mock', 'sandbox'],
  run: (context) => createReadDelete(context),
};

async function createReadDelete(context: CaseContext): Promise<void> {
  const { client, fixtures } = context;
  const checkoutToken = uniqueCheckoutToken(fixtures, 'link-delete');
  const link = await createOffer(context, 'createPaymentLink', checkoutToken, (body) => client.POST('/payment-links', { body }));
  const linkId = idOf(link, 'createPaymentLink');
  const path = (paymentLinkId: string) => ({ params: { path: { paymentLinkId } } });

  const read = await step(context, 'getPaymentLink', [linkId], ([id]) => client.GET('/payment-links/{paymentLinkId}', path(id)), {
    readsBack: true,
  });
  expectSame(context, 'getPaymentLink', read, linkId);

  const deleted = await step(context, 'deletePaymentLink', [linkId], ([id]) => client.DELETE('/payment-links/{paymentLinkId}', path(id)));
  if (!deleted.ok || !linkId.ok) return; // a link left behind is deleted by the drift run's cleanup
  const id = linkId.value;
  expectSent(context, 'deletePaymentLink', { path: `/payment-links/${encodeURIComponent(id)}` });
  await expectGone(context, 'getPaymentLink', (headers) => client.GET('/payment-links/{paymentLinkId}', { ...path(id), headers }));
}
