// An in-memory Conomy: every operation of openapi.yaml, as the contract says they behave,
// good enough for every case that runs against the sandbox. Links, sessions and payments
// live in maps; deletes really delete; unknown ids answer 404 and forbidden state changes 422.
// Request validation and authentication happen before (server.ts); bodies here are already
// valid. Answers may echo request properties the contract does not document: the server
// prunes them so the conforming mode sends exactly the documented shapes.
import { operationEntry, type OperationId } from '../../src/generated/operations.js';

export interface ApiRequest {
  params: Record<string, string>;
  /** Query values, arrays already split on commas. */
  query: Record<string, string | string[]>;
  body: unknown;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
}

export interface Reply {
  status: number;
  /** JSON body; undefined for none. */
  body?: unknown;
}

// Bodies were validated against openapi.yaml before they get here; `any` keeps this model short.
type Json = Record<string, any>;

const PROBLEMS: Record<number, [code: string, type: string]> = {
  400: ['11', 'invalidParam'],
  401: ['41', 'unauthorized'],
  404: ['31', 'notFound'],
  409: ['13', 'alreadyExist'],
  422: ['21', 'failedPrecondition'],
  429: ['32', 'tooManyRequests'],
  500: ['01', 'serverError'],
};

let traceCounter = 0;

/** A documented ProblemError answer. */
export function problem(status: number, detail: string): Reply {
  const [code, type] = PROBLEMS[status] ?? ['02', 'unknown'];
  traceCounter += 1;
  return { status, body: { status, code, type, detail, traceId: `trace-${traceCounter}` } };
}

export class InMemoryConomy {
  readonly links = new Map<string, Json>();
  readonly sessions = new Map<string, Json>();
  readonly payments = new Map<string, Json>();
  private counter = 0;

  handle(operationId: string, request: ApiRequest): Reply {
    if (!operationEntry(operationId)) return problem(500, `no handler for ${operationId}`);
    return this.handlers[operationId as OperationId](request);
  }

  // Keyed by the generated operations table: an operation added to openapi.yaml does not compile here
  // until it has a handler.
  private readonly handlers: Record<OperationId, (request: ApiRequest) => Reply> = {
    createAccessToken: () => ({ status: 200, body: { accessToken: '', tokenType: 'Bearer', expiresIn: 3600 } }),
    listPaymentLinks: ({ query }) => this.page([...this.links.values()], query, {
      id: (link) => link.id,
      status: (link) => link.status,
      'owner.identityId': (link) => link.owner.identityId,
      'destination.accountNumber': (link) => link.destinations.map((destination: Json) => destination.account.accountNumber),
      'customer.email': (link) => link.customer?.email,
    }),
    createPaymentLink: ({ body }) => {
      const offer = body as Json;
      if (this.tokenTaken(offer.checkoutToken)) return problem(409, `checkoutToken ${offer.checkoutToken} is in use`);
      const link = { id: this.newId(), ...this.offer(offer), status: 'ATTEMPT', duration: offer.duration };
      this.links.set(link.id, link);
      return { status: 201, body: link };
    },
    getPaymentLink: ({ params }) => this.found(this.links, params.paymentLinkId, (link) => ({ status: 200, body: link })),
    deletePaymentLink: ({ params }) =>
      this.found(this.links, params.paymentLinkId, (link) => {
        if (!['ATTEMPT', 'EXPIRED'].includes(link.status)) return problem(422, `a ${link.status} link cannot be deleted`);
        this.links.delete(link.id);
        return { status: 204 };
      }),
    activatePaymentLink: ({ params }) =>
      this.found(this.links, params.paymentLinkId, (link) => {
        if (!['ATTEMPT', 'ACTIVE'].includes(link.status)) return problem(422, `a ${link.status} link cannot be activated`);
        link.status = 'ACTIVE';
        return { status: 200, body: link };
      }),
    createCheckoutSessionFromPaymentLink: ({ params }) => {
      const link = [...this.links.values()].find((candidate) => candidate.checkoutToken === params.checkoutToken);
      if (!link) return problem(404, `no payment link with checkoutToken ${params.checkoutToken}`);
      return this.openSession(link, link.customer ?? null);
    },
    listCheckoutSessions: ({ query }) => this.page([...this.sessions.values()], query, {
      identityId: (session) => session.owner.identityId,
      accountNumber: (session) => session.destinations.map((destination: Json) => destination.account.accountNumber),
      status: (session) => session.status,
    }),
    createCheckoutSession: ({ body }) => {
      const request = body as Json;
      if (!('items' in request)) {
        const link = [...this.links.values()].find((candidate) => candidate.checkoutToken === request.checkoutToken);
        if (!link) return problem(404, `no payment link with checkoutToken ${request.checkoutToken}`);
        return this.openSession(link, request.customer);
      }
      if (this.tokenTaken(request.checkoutToken)) return problem(409, `checkoutToken ${request.checkoutToken} is in use`);
      return this.openSession({ ...this.offer(request), duration: request.duration }, request.customer ?? null);
    },
    getCheckoutSession: ({ params }) =>
      this.found(this.sessions, params.checkoutSessionId, (session) => ({ status: 200, body: session })),
    deleteCheckoutSession: ({ params }) =>
      this.found(this.sessions, params.checkoutSessionId, (session) => {
        this.sessions.delete(session.id);
        return { status: 200, body: {} };
      }),
    createCheckoutSessionPayment: ({ params, body }) =>
      this.found(this.sessions, params.checkoutSessionId, (session) => {
        if (session.status !== 'ATTEMPT' && session.status !== 'ACTIVE') {
          return problem(422, `a ${session.status} session cannot be paid`);
        }
        const payment = this.payFor(session, body as Json);
        this.payments.set(payment.id, payment);
        return { status: 200, body: payment };
      }),
    refreshCheckoutSession: ({ params }) => {
      const newestFirst = [...this.sessions.values()].reverse();
      const session = newestFirst.find((candidate) => candidate.checkoutToken === params.checkoutToken);
      if (!session) return problem(404, `no checkout session with checkoutToken ${params.checkoutToken}`);
      session.expiresAt = new Date(Date.now() + session.duration * 1000).toISOString();
      return { status: 201, body: session };
    },
    listPayments: ({ query }) => this.page([...this.payments.values()], query, {
      identityId: (payment) => payment.identityId,
      accountNumber: (payment) => payment.accountNumber,
      status: (payment) => payment.status,
      type: (payment) => payment.type,
      checkoutSessionId: (payment) => payment.checkoutSessionId,
    }),
    getPayment: ({ params }) => this.found(this.payments, params.paymentId, (payment) => ({ status: 200, body: payment })),
    listAvailableProducts: ({ query }) => {
      const currency = [query.currencies ?? 'CLP'].flat()[0] ?? 'CLP';
      const product = {
        name: 'ETPAY',
        type: 'ETPAY',
        currency,
        product: `${currency}:${currency}`,
        requiredFields: ['etpay.successUrl'],
        validDestinations: ['ACCOUNT'],
      };
      return {
        status: 200,
        body: {
          supportedPaymentCurrencies: [currency],
          supportedPayoutCurrencies: [currency],
          supportedPaymentMethods: ['ETPAY', 'WEBPAY'],
          supportedWithdrawalMethods: ['BANK_ACCOUNT'],
          byCurrency: [{ currency, payin: { paymentMethods: ['ETPAY', 'WEBPAY'], products: [product] } }],
        },
      };
    },
  };

  private newId(): string {
    this.counter += 1;
    return `d1f7${String(this.counter).padStart(20, '0')}`;
  }

  private tokenTaken(checkoutToken: string): boolean {
    return [...this.links.values(), ...this.sessions.values()].some((resource) => resource.checkoutToken === checkoutToken);
  }

  private found(store: Map<string, Json>, id: string | undefined, then: (resource: Json) => Reply): Reply {
    const resource = id === undefined ? undefined : store.get(id);
    return resource ? then(resource) : problem(404, `${id} not found`);
  }

  /** What a link and a session share, from a create body. */
  private offer(body: Json): Json {
    const sum = (key: string) => String(body.items.reduce((total: number, item: Json) => total + Number(item[key]), 0));
    return {
      checkoutToken: body.checkoutToken,
      items: body.items.map((item: Json) => ({ ...item, tax: item.tax ?? null })),
      currency: body.currency,
      preTaxAmount: sum('preTaxAmount'),
      totalAmount: sum('totalAmount'),
      url: `https://checkout.drift.test/${encodeURIComponent(body.checkoutToken)}`,
      paymentMethodsAllowed: body.paymentMethodsAllowed,
      customer: body.customer ?? null,
      createdAt: new Date().toISOString(),
      destinations: body.destinations.map((destination: Json) => ({
        type: 'ACCOUNT',
        amount: destination.amount,
        account: destination.identity
          ? {
              type: 'CHECKING',
              currency: destination.currency,
              accountNumber: destination.account.accountNumber,
              accountHolder: 'Drift Test SpA',
            }
          : destination.account,
      })),
      ...(body.customerRequirements ? { customerRequirements: body.customerRequirements } : {}),
      owner: body.owner,
      ...(body.successUrl ? { successUrl: body.successUrl } : {}),
      ...(body.failedUrl ? { failedUrl: body.failedUrl } : {}),
    };
  }

  private openSession(offer: Json, customer: unknown): Reply {
    const { successUrl, failedUrl: _failedUrl, duration, id: paymentLinkId, ...shared } = offer;
    const createdAt = new Date();
    const session = {
      ...shared,
      id: this.newId(),
      ...(paymentLinkId ? { paymentLinkId } : {}),
      status: 'ATTEMPT',
      customer,
      createdAt: createdAt.toISOString(),
      expiresAt: new Date(createdAt.getTime() + duration * 1000).toISOString(),
      ...(successUrl ? { redirectUrl: successUrl } : {}),
      paymentConfigs: [
        {
          currency: offer.currency,
          product: `${offer.currency}:${offer.currency}`,
          exchangeRate: '1',
          paymentMethods: offer.paymentMethodsAllowed.map((type: string) => ({
            id: `${type.toLowerCase()}-drift`,
            type,
            enabled: true,
            requiredFields: [],
            purchaseAmount: offer.totalAmount,
          })),
        },
      ],
      duration, // kept for refresh; pruned from answers (not documented)
    };
    this.sessions.set(session.id, session);
    return { status: 201, body: session };
  }

  private payFor(session: Json, body: Json): Json {
    const now = new Date().toISOString();
    const { totalAmount, currency } = session;
    const origins = (body.origins ?? [{ type: body.paymentMethod }]).map((origin: Json) => {
      const rail = String(origin.type).toLowerCase();
      const payload = origin[rail] ? { ...origin[rail], url: `https://pay.drift.test/${rail}/${session.id}` } : undefined;
      const amounts = { amount: origin.amount ?? totalAmount, currency: origin.currency ?? currency };
      return { ...origin, ...amounts, ...(payload ? { [rail]: payload } : {}) };
    });
    return {
      id: this.newId(),
      externalId: `${session.checkoutToken}-1`,
      identityId: session.owner.identityId,
      accountNumber: session.destinations[0].account.accountNumber,
      totalAmount,
      currency,
      product: `${currency}:${currency}`,
      status: 'CREATED',
      type: 'PURCHASE',
      purchaseAmount: totalAmount,
      purchaseCurrency: currency,
      fees: [],
      createdAt: now,
      updatedAt: now,
      origins,
      destinations: [{ type: 'ACCOUNT', amount: totalAmount, currency }],
      checkoutSessionId: session.id, // for the listPayments filter; pruned from answers (not documented)
    };
  }

  private page(all: Json[], query: ApiRequest['query'], filters: Record<string, (resource: Json) => unknown>): Reply {
    const selected = all.filter((resource) =>
      Object.entries(filters).every(([name, read]) => {
        const wanted = query[name];
        if (wanted === undefined) return true;
        const values = [read(resource)].flat().map(String);
        return [wanted].flat().some((value) => values.includes(value));
      }),
    );
    const offset = Number(query.offset ?? query.next ?? 0);
    const limit = Number(query.limit ?? 10);
    const results = selected.slice(offset, offset + limit);
    const next = offset + results.length;
    const pagination = { count: results.length, next, previous: Math.max(0, offset - limit), total: selected.length };
    return { status: 200, body: { pagination, results } };
  }
}
