// What a create makes, from a request the contract accepts (already without undocumented
// properties): a payment link, a checkout session from a full offer or from a link, and the payment
// of a session. Totals are the items' decimal-string amounts summed exactly; the rest is what was
// sent, in the shape the contract documents for the answer.
import type { components } from '../generated/openapi.js';
import type { CheckoutSession, Payment, PaymentLink, SessionRecord } from './state.js';

type Schemas = components['schemas'];

/** Where the mock's hosted pages would be: a reserved domain, so no one mistakes them for Conomy's. */
const PAGES = 'https://checkout.conomy-mock.invalid';

/** What a link and the sessions opened from it (or a session and its full offer) have in common. */
const OFFER_FIELDS = [
  'checkoutToken', 'items', 'currency', 'preTaxAmount', 'totalAmount', 'paymentMethodsAllowed', 'customer', 'destinations', 'customerRequirements', 'owner',
] as const satisfies readonly (keyof PaymentLink & keyof CheckoutSession)[];

type Offer = Pick<PaymentLink, (typeof OFFER_FIELDS)[number]>;

function offerOf(body: Schemas['CreatePaymentLinkBody']): Offer {
  return {
    checkoutToken: body.checkoutToken,
    items: body.items,
    currency: body.currency,
    preTaxAmount: sumAmounts(body.items.map((item) => item.preTaxAmount)),
    totalAmount: sumAmounts(body.items.map((item) => item.totalAmount)),
    paymentMethodsAllowed: body.paymentMethodsAllowed,
    customer: body.customer ?? null,
    destinations: body.destinations.map(destinationOf),
    ...(body.customerRequirements ? { customerRequirements: body.customerRequirements } : {}),
    owner: body.owner,
  };
}

/** A destination as answers show it: the guide's shape (by identity and account number, D6) gets the whole account. */
function destinationOf(destination: Schemas['DestinationInput']): Schemas['Destination'] {
  if (!('identity' in destination)) return destination;
  const { type, amount, currency, identity, account } = destination;
  return { type, amount, account: { type: 'CHECKING', currency, accountNumber: account.accountNumber, accountHolder: identity.name ?? identity.identityId } };
}

export function paymentLinkFrom(body: Schemas['CreatePaymentLinkBody'], id: string, now: Date): PaymentLink {
  const { successUrl, failedUrl, duration } = body;
  return {
    id,
    ...offerOf(body),
    status: 'ATTEMPT',
    url: `${PAGES}/${encodeURIComponent(body.checkoutToken)}`,
    createdAt: now.toISOString(),
    duration,
    ...(successUrl ? { successUrl } : {}),
    ...(failedUrl ? { failedUrl } : {}),
  };
}

/** Where a session comes from: a full offer, or a link and the payer (the link's own, or the one sent with its token). */
export type SessionSource = { body: Schemas['CreatePaymentLinkBody'] } | { link: PaymentLink; customer: Schemas['Customer'] | null };

/** A session that lasts its offer's `duration`. */
export function sessionFrom(source: SessionSource, id: string, now: Date): SessionRecord {
  const from = 'link' in source
    ? { offer: { ...offerOfLink(source.link), customer: source.customer }, duration: source.link.duration, successUrl: source.link.successUrl, paymentLinkId: source.link.id }
    : { offer: offerOf(source.body), duration: source.body.duration, successUrl: source.body.successUrl };
  const { offer, duration, successUrl, paymentLinkId } = from;
  const session: CheckoutSession = {
    id,
    ...(paymentLinkId === undefined ? {} : { paymentLinkId }),
    ...offer,
    status: 'ATTEMPT',
    url: `${PAGES}/${encodeURIComponent(offer.checkoutToken)}/${id}`,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + duration * 1000).toISOString(),
    ...(successUrl ? { redirectUrl: successUrl } : {}),
    paymentConfigs: [
      {
        currency: offer.currency,
        product: `${offer.currency}:${offer.currency}`,
        exchangeRate: '1',
        paymentMethods: offer.paymentMethodsAllowed.map((type) => ({
          id: `${type.toLowerCase()}-mock`,
          type,
          enabled: true,
          requiredFields: [],
          purchaseAmount: offer.totalAmount,
        })),
      },
    ],
  };
  return { session, duration };
}

/** A copy of the link's offer, so that no later change of the link reaches the session or back. */
function offerOfLink(link: PaymentLink): Offer {
  return structuredClone(Object.fromEntries(OFFER_FIELDS.filter((field) => link[field] !== undefined).map((field) => [field, link[field]]))) as Offer;
}

/**
 * The payment of a session: the session's amount into its accounts, from the origins sent (or one
 * origin of the chosen method). `payWith` turns each origin into the one the answer shows.
 */
export function paymentFor(
  session: CheckoutSession,
  body: Schemas['CreateCheckoutSessionPaymentBody'],
  ids: { id: string; sequence: number },
  now: Date,
  payWith: (origin: Schemas['PaymentNode']) => Schemas['PaymentNode'],
): Payment {
  const { totalAmount, currency } = session;
  const sent = 'origins' in body ? body.origins : [{ type: body.paymentMethod, name: body.paymentMethod, currency, ...railCustomer(body) }];
  const origins = sent.map((origin) => payWith({ ...origin, amount: origin.amount ?? totalAmount }));
  return {
    id: ids.id,
    externalId: `${session.checkoutToken ?? session.id}-${ids.sequence}`,
    identityId: session.owner.identityId,
    accountNumber: session.destinations[0]?.account.accountNumber ?? '',
    totalAmount,
    currency,
    ...('description' in body && body.description !== undefined ? { description: body.description } : {}),
    product: `${currency}:${currency}`,
    status: 'CREATED',
    type: 'PURCHASE',
    purchaseAmount: totalAmount,
    purchaseCurrency: currency,
    fees: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    origins,
    destinations: session.destinations.map(({ amount }) => ({ type: 'ACCOUNT', amount, currency })),
  };
}

/** The payer of a method-only payment, under the rail's key, as an origin with a payload carries it. */
function railCustomer(body: Schemas['CheckoutSessionPaymentMethodBody']): Record<string, unknown> {
  return body.customer ? { [body.paymentMethod.toLowerCase()]: { customer: body.customer } } : {};
}

/** The exact sum of non-negative decimal strings (no floating point: "0.1" + "0.2" is "0.3"). */
function sumAmounts(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map((amount) => amount.split('.')[1]?.length ?? 0));
  const units = amounts.reduce((sum, amount) => {
    const [whole = '0', fraction = ''] = amount.split('.');
    return sum + BigInt(whole + fraction.padEnd(scale, '0'));
  }, 0n);
  const digits = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
