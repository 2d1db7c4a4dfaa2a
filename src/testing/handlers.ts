// What each operation does to the state and answers, keyed by the generated operations table, so
// an operation added to openapi.yaml does not compile here until it has a handler. The rules are
// the spec's and the register's: only an ACTIVE link opens sessions, only an ATTEMPT or EXPIRED
// link can be deleted (D30), a checkout token in use is a 409, a session pays once, with a method
// it offers, while it is open; a deleted object is gone (404). Requests arrive checked and
// authenticated (request-check.ts, credentials.ts).
import type { JsonObject } from '../../lib/spec/json-pointer.mjs';
import { declaredProperties } from '../contract/judge/schema-branches.js';
import type { ResponseValidator } from '../contract/judge/validator.js';
import type { components } from '../generated/openapi.js';
import type { OperationId } from '../generated/operations.js';
import type { MockCredentials } from './credentials.js';
import { listPage } from './lists.js';
import { paymentFor, paymentLinkFrom, sessionFrom, type SessionSource } from './offers.js';
import { problem, type MockReply } from './replies.js';
import type { MockRequest } from './request-check.js';
import type { MockStore, SessionRecord } from './state.js';

type Schemas = components['schemas'];
export type Handlers = Record<OperationId, (request: MockRequest) => MockReply>;

/** The schema of the node a payment's origins are; its properties name the rails' payloads. */
const PAYMENT_NODE = '/components/schemas/PaymentNode';

export function createHandlers(document: JsonObject, validator: ResponseValidator, store: MockStore, credentials: MockCredentials): Handlers {
  const ok = (status: number, body?: unknown): MockReply => ({ status, body });
  const link = (id: string) => store.links.get(id);
  const linkByToken = (token: string) => [...store.links.values()].find((candidate) => candidate.checkoutToken === token);

  const openSession = (source: SessionSource): MockReply => {
    const record = sessionFrom(source, store.newId(), new Date());
    store.sessions.set(record.session.id, record);
    return ok(201, record.session);
  };
  /** A session for a payer of the link with this token: 404 without one, 422 unless it is ACTIVE. */
  const openFromLink = (token: string, customer?: Schemas['Customer'] | null): MockReply => {
    const found = linkByToken(token);
    if (!found) return problem(404, `no payment link with checkoutToken ${token}`);
    if (found.status !== 'ACTIVE') return problem(422, `the payment link is ${found.status}; only an ACTIVE link opens checkout sessions`);
    return openSession({ link: found, customer: customer === undefined ? (found.customer ?? null) : customer });
  };
  const inUse = (token: string) => problem(409, `checkoutToken ${token} is already in use`);
  const payWith = originShower(document, validator);

  return {
    createAccessToken: ({ body }) => credentials.issue(body as Schemas['AccessTokenRequest']),

    listPaymentLinks: ({ query }) => ok(200, listPage('listPaymentLinks', [...store.links.values()].map((item) => ({ item, view: item })), query)),
    createPaymentLink: ({ body }) => {
      const offer = body as Schemas['CreatePaymentLinkBody'];
      if (store.tokenInUse(offer.checkoutToken)) return inUse(offer.checkoutToken);
      const created = paymentLinkFrom(offer, store.newId(), new Date());
      store.links.set(created.id, created);
      return ok(201, created);
    },
    getPaymentLink: ({ params }) => found(link(params.paymentLinkId ?? ''), (current) => ok(200, current)),
    deletePaymentLink: ({ params }) =>
      found(link(params.paymentLinkId ?? ''), (current) => {
        if (current.status !== 'ATTEMPT' && current.status !== 'EXPIRED') {
          return problem(422, `Only ATTEMPT or EXPIRED payment links can be deleted; this one is ${current.status}.`);
        }
        store.links.delete(current.id);
        return ok(204);
      }),
    activatePaymentLink: ({ params }) =>
      found(link(params.paymentLinkId ?? ''), (current) => {
        if (current.status !== 'ATTEMPT' && current.status !== 'ACTIVE') return problem(422, `the payment link is ${current.status}, so it cannot be activated`);
        current.status = 'ACTIVE';
        return ok(200, current);
      }),
    createCheckoutSessionFromPaymentLink: ({ params }) => openFromLink(params.checkoutToken ?? ''),

    listCheckoutSessions: ({ query }) =>
      ok(200, listPage('listCheckoutSessions', [...store.sessions.values()].map(({ session }) => ({ item: session, view: session })), query)),
    createCheckoutSession: ({ body }) => {
      const request = body as Schemas['CreateCheckoutSessionBody'];
      if (!('items' in request)) return openFromLink(request.checkoutToken, request.customer);
      return store.tokenInUse(request.checkoutToken) ? inUse(request.checkoutToken) : openSession({ body: request });
    },
    getCheckoutSession: ({ params }) => found(store.sessions.get(params.checkoutSessionId ?? ''), ({ session }) => ok(200, session)),
    deleteCheckoutSession: ({ params }) =>
      found(store.sessions.get(params.checkoutSessionId ?? ''), ({ session }) => {
        store.sessions.delete(session.id);
        return ok(200, {});
      }),
    createCheckoutSessionPayment: ({ params, body }) =>
      found(store.sessions.get(params.checkoutSessionId ?? ''), ({ session }) => {
        const request = body as Schemas['CreateCheckoutSessionPaymentBody'];
        if (session.status !== 'ATTEMPT' && session.status !== 'ACTIVE') return problem(422, `the checkout session is ${session.status}, so it cannot be paid`);
        const methods = 'origins' in request ? request.origins.map((origin) => origin.type) : [request.paymentMethod];
        const refused = methods.find((method) => !session.paymentMethodsAllowed.includes(method));
        if (refused) return problem(422, `the checkout session does not offer ${refused} (it offers ${session.paymentMethodsAllowed.join(', ')})`);
        const id = store.newId();
        const sequence = [...store.payments.values()].filter((record) => record.checkoutSessionId === session.id).length + 1;
        const payment = paymentFor(session, request, { id, sequence }, new Date(), payWith(id));
        store.payments.set(id, { payment, checkoutSessionId: session.id });
        session.status = 'PROCESSING_PAYMENT';
        return ok(200, payment);
      }),
    refreshCheckoutSession: ({ params }) => {
      const token = params.checkoutToken ?? '';
      const newest = [...store.sessions.values()].reverse().find(({ session }) => session.checkoutToken === token);
      return found(newest, (record) => refresh(record));
    },

    listPayments: ({ query }) =>
      ok(200, listPage('listPayments', [...store.payments.values()].map(({ payment, checkoutSessionId }) => ({ item: payment, view: { ...payment, checkoutSessionId } })), query)),
    listAvailableProducts: ({ query }) => ok(200, availableProducts(query.currencies as string[] | undefined)),
    getPayment: ({ params }) => found(store.payments.get(params.paymentId ?? ''), ({ payment }) => ok(200, payment)),
  };
}

/** The answer for an object that exists, else 404. */
function found<T>(value: T | undefined, then: (value: T) => MockReply): MockReply {
  return value === undefined ? problem(404, 'Resource not found.') : then(value);
}

/** A session whose payer may still pay gets its full duration again from now; an EXPIRED one opens again. */
function refresh({ session, duration }: SessionRecord): MockReply {
  if (!['ATTEMPT', 'ACTIVE', 'EXPIRED'].includes(session.status)) return problem(422, `the checkout session is ${session.status}, so it cannot be refreshed`);
  session.expiresAt = new Date(Date.now() + duration * 1000).toISOString();
  if (session.status === 'EXPIRED') session.status = 'ATTEMPT';
  return { status: 201, body: session };
}

/**
 * An origin as the payment shows it. A redirect rail (whose payload documents `url`) gets the page
 * to send the payer to; a payload the rail's schema refuses (a method-only payment whose payer
 * lacks what the rail needs) is left out rather than answered invalid.
 */
function originShower(document: JsonObject, validator: ResponseValidator) {
  const rails = declaredProperties(document, { $ref: `#${PAYMENT_NODE}` });
  return (paymentId: string) =>
    (origin: Schemas['PaymentNode']): Schemas['PaymentNode'] => {
      const rail = origin.type.toLowerCase();
      if (!rails.has(rail)) return origin;
      const pointer = `${PAYMENT_NODE}/properties/${rail}`;
      const redirects = declaredProperties(document, { $ref: `#${pointer}` }).has('url');
      const shown: Record<string, unknown> = { ...origin };
      const sent = (shown[rail] ?? {}) as Record<string, unknown>;
      const payload = redirects ? { ...sent, url: `https://pay.conomy-mock.invalid/${rail}/${paymentId}` } : sent;
      delete shown[rail];
      if (Object.keys(payload).length > 0 && validator.issuesAt(pointer, payload).length === 0) shown[rail] = payload;
      return shown as Schemas['PaymentNode'];
    };
}

/** The rails the mock offers in each currency asked for (CLP when none is). */
function availableProducts(currencies: readonly string[] = ['CLP']): Schemas['AvailableProducts'] {
  const rails: Schemas['PaymentNodeType'][] = ['ETPAY', 'WEBPAY'];
  return {
    supportedPaymentCurrencies: [...currencies],
    supportedPayoutCurrencies: [...currencies],
    supportedPaymentMethods: rails,
    supportedWithdrawalMethods: ['BANK_ACCOUNT'],
    byCurrency: currencies.map((currency) => ({
      currency,
      payin: {
        paymentMethods: rails,
        products: rails.map((type) => ({ name: type, type, currency, product: `${currency}:${currency}`, requiredFields: [], validDestinations: ['ACCOUNT'] })),
      },
    })),
  };
}
