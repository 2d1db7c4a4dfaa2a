// The drifting server's modes, each a wrapper around the product mock (src/testing/) that changes
// what it answers: `conforming` (the mock as it is); one per finding kind that plants exactly one
// deviation from openapi.yaml into otherwise conforming behaviour (`PLANTED` says what the drift
// run must find: that one finding, no other); `combined`, with a deviation in each of eight
// operations at once (`COMBINED` lists them); and `lenient`, which accepts every invalid request
// but answers valid ones as documented. A wrapper that refuses or answers in the mock's place does
// so only for a call with the server's credentials, so an unauthenticated call still gets the
// mock's 401, as from a server that checks credentials before anything else.
import { exampleRequest } from '../../lib/spec/index.mjs';
import { severityOf, type FindingKind, type Severity } from '../../src/contract/judge/findings.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import type { ConomyMock, ConomyMockCredentials } from '../../src/testing/index.js';

/**
 * `echoes-credentials` is for the leak test: it sends back every credential it receives. The
 * register modes answer one of the questions a register entry's drift check asks (REGISTER_MODES).
 */
export type DriftMode = 'conforming' | FindingKind | 'combined' | 'lenient' | 'echoes-credentials' | RegisterMode;

/** Modes that settle a register decision the other way than the spec took it. */
export type RegisterMode = 'refuses-guide-destination' | 'deletes-active-links' | 'refuses-active-deletion-with-400';

/** An answer as it goes over the wire: `text` (when set) is sent instead of the JSON of `body`. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  text?: string;
}

/** A request as the server received it. */
export interface Call {
  /** '' for a request of no operation. */
  operationId: string;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The JSON body as sent; undefined for none, or for one that is not JSON. */
  body: unknown;
  /** A fresh copy of the request, to pass on as it is or changed. */
  request(): Request;
}

/** What a mode works with: the mock behind the server and the credentials it takes. */
export interface ServerSide {
  mock: ConomyMock;
  credentials: Required<ConomyMockCredentials>;
}

/** The answer of the mock (and of the modes wrapped inside this one) to the request, or to another one. */
export type Next = (request?: Request) => Promise<WireReply>;

/** A mode: given each call and the next step, it answers. */
export type Deviation = (call: Call, next: Next, server: ServerSide) => Promise<WireReply>;

export interface PlantedFinding {
  kind: FindingKind;
  operationId: string;
  location: string;
  severity: Severity;
}

/** The finding each mode plants. */
export const PLANTED: Record<FindingKind, PlantedFinding> = {
  'undocumented-status': planted('undocumented-status', 'listPayments', 'response.status'),
  'content-type-mismatch': planted('content-type-mismatch', 'getPayment', 'response.header/content-type'),
  'body-unparseable': planted('body-unparseable', 'listPayments', 'response.body'),
  'missing-required': planted('missing-required', 'getCheckoutSession', 'response.body/paymentConfigs'),
  'type-mismatch': planted('type-mismatch', 'getPayment', 'response.body/totalAmount'),
  'enum-mismatch': planted('enum-mismatch', 'activatePaymentLink', 'response.body/status'),
  'format-mismatch': planted('format-mismatch', 'createPaymentLink', 'response.body/createdAt'),
  'constraint-violation': planted('constraint-violation', 'refreshCheckoutSession', 'response.body/totalAmount'),
  'composition-mismatch': planted('composition-mismatch', 'listPaymentLinks', 'response.body'),
  'undocumented-field': planted('undocumented-field', 'createCheckoutSessionPayment', 'response.body/checkoutSessionId'),
  'header-missing': planted('header-missing', 'listCheckoutSessions', 'response.header/content-type'),
  'request-rejected': planted('request-rejected', 'createPaymentLink', 'response.status'),
  'request-accepted': planted('request-accepted', 'listPaymentLinks', 'response.status'),
  'auth-not-enforced': planted('auth-not-enforced', 'listAvailableProducts', 'response.status'),
  'unavailable-after-create': planted('unavailable-after-create', 'getCheckoutSession', 'response.status'),
  'filter-ignored': planted('filter-ignored', 'listPaymentLinks', 'response.body/results'),
  'available-after-delete': planted('available-after-delete', 'getCheckoutSession', 'response.status'),
  'server-error': planted('server-error', 'listAvailableProducts', 'response.status'),
};

/**
 * The combined mode's deviations, each in another operation, several of them where a flow that
 * stopped at the first surprise would never get to the operations after it.
 */
export const COMBINED: readonly PlantedFinding[] = [
  planted('type-mismatch', 'getPayment', 'response.body/totalAmount'),
  planted('enum-mismatch', 'activatePaymentLink', 'response.body/status'),
  planted('format-mismatch', 'listCheckoutSessions', 'response.body/results/0/createdAt'),
  planted('undocumented-field', 'refreshCheckoutSession', 'response.body/refreshedAt'),
  planted('missing-required', 'getCheckoutSession', 'response.body/id'),
  planted('undocumented-status', 'deleteCheckoutSession', 'response.status'),
  planted('content-type-mismatch', 'listAvailableProducts', 'response.header/content-type'),
  planted('type-mismatch', 'listPaymentLinks', 'response.body/pagination/total'),
];

const combined = changesAnswers((operationId, wire) => {
  if (wire.status >= 300) return wire;
  const body = wire.body as Record<string, unknown>;
  switch (operationId) {
    case 'getPayment':
      return { ...wire, body: { ...body, totalAmount: 1000 } };
    case 'activatePaymentLink':
      return { ...wire, body: { ...body, status: 'ENABLED' } };
    case 'listCheckoutSessions': {
      const results = (body.results as object[]).map((session) => ({ ...session, createdAt: '01/12/2026 09:30' }));
      return { ...wire, body: { ...body, results } };
    }
    case 'refreshCheckoutSession':
      return { ...wire, body: { ...body, refreshedAt: new Date().toISOString() } };
    case 'getCheckoutSession':
      return { ...wire, body: without(body, 'id') };
    case 'deleteCheckoutSession':
      return { ...wire, status: 202 };
    case 'listAvailableProducts':
      return { ...wire, headers: { 'content-type': 'text/html; charset=utf-8' }, text: '<html><body>Products</body></html>' };
    case 'listPaymentLinks': {
      const pagination = body.pagination as Record<string, unknown>;
      return { ...wire, body: { ...body, pagination: { ...pagination, total: String(pagination.total) } } };
    }
    default:
      return wire;
  }
});

/** The ACTIVE links `deletes-active-links` answered 204 for: from then on they read as gone. */
const deletedActiveLinks = new WeakMap<ConomyMock, Set<string>>();

/** D6: only the reference destination shape is accepted. D30: an ACTIVE link is deletable, or refused with 400. */
const REGISTER_DEVIATIONS: Record<RegisterMode, Deviation> = {
  'refuses-guide-destination': async (call, next, server) => {
    const creates = call.operationId === 'createPaymentLink' || call.operationId === 'createCheckoutSession';
    const destinations = (call.body as { destinations?: { identity?: unknown }[] } | undefined)?.destinations ?? [];
    if (creates && destinations.some((destination) => destination.identity)) refuseNext(call, server, 400);
    return next();
  },
  'deletes-active-links': async (call, next, server) => {
    const deleted = deletedActiveLinks.get(server.mock) ?? new Set<string>();
    deletedActiveLinks.set(server.mock, deleted);
    const id = call.params.paymentLinkId ?? '';
    if (deleted.has(id)) refuseNext(call, server, 404);
    else if (call.operationId === 'deletePaymentLink' && authenticated(call, server) && linkStatus(server, id) === 'ACTIVE') {
      deleted.add(id);
      return { status: 204, headers: {} };
    }
    return next();
  },
  'refuses-active-deletion-with-400': async (call, next, server) => {
    if (call.operationId === 'deletePaymentLink' && linkStatus(server, call.params.paymentLinkId ?? '') === 'ACTIVE') refuseNext(call, server, 400);
    return next();
  },
};

const DEVIATIONS: Record<DriftMode, Deviation> = {
  conforming: (_call, next) => next(),
  ...REGISTER_DEVIATIONS,
  combined,
  // Takes every request as sent (limit=51, an offer without currency, ...); valid ones are served as documented.
  lenient: acceptsInvalid(() => true),
  // A 418 instead of the 401 for a request without credentials.
  'undocumented-status': refusal('listPayments', (wire) => ({ ...wire, status: 418 })),
  // An HTML page instead of the payment.
  'content-type-mismatch': success('getPayment', (wire) => ({
    ...wire,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    text: '<html><body>Payment</body></html>',
  })),
  // The payment list cut off half-way.
  'body-unparseable': success('listPayments', (wire) => ({ ...wire, text: JSON.stringify(wire.body).slice(0, 40) })),
  // The recipe's short session (D2): no paymentConfigs.
  'missing-required': success('getCheckoutSession', (wire) => ({ ...wire, body: without(wire.body, 'paymentConfigs') })),
  // An amount as a number instead of a decimal string.
  'type-mismatch': success('getPayment', (wire) => ({ ...wire, body: { ...(wire.body as object), totalAmount: 1000 } })),
  // A link status outside the documented enum.
  'enum-mismatch': success('activatePaymentLink', (wire) => ({ ...wire, body: { ...(wire.body as object), status: 'ENABLED' } })),
  // A creation time that is not a date-time.
  'format-mismatch': success('createPaymentLink', (wire) => ({ ...wire, body: { ...(wire.body as object), createdAt: 'today' } })),
  // An amount with thousands separators (the pattern allows digits and one decimal point).
  'constraint-violation': success('refreshCheckoutSession', (wire) => ({
    ...wire,
    body: { ...(wire.body as object), totalAmount: '1.000,00' },
  })),
  // An error body that is neither documented error shape.
  'composition-mismatch': refusal('listPaymentLinks', (wire) => ({ ...wire, body: { reason: 'no credentials' } })),
  // The recipe's checkoutSessionId on the payment (D4), which the contract does not document.
  'undocumented-field': success('createCheckoutSessionPayment', (wire, call) => ({
    ...wire,
    body: { ...(wire.body as object), checkoutSessionId: call.params.checkoutSessionId },
  })),
  // The session list as JSON, but without Content-Type.
  'header-missing': success('listCheckoutSessions', (wire) => ({ ...wire, headers: {} })),
  // A valid payment link refused as if it were invalid.
  'request-rejected': async (call, next, server) => {
    if (call.operationId === 'createPaymentLink') refuseNext(call, server, 400);
    return next();
  },
  // limit=51 (the maximum is 50) is served like any other limit.
  'request-accepted': acceptsInvalid((operationId) => operationId === 'listPaymentLinks'),
  // Served without any credentials: the server's own are put on the request.
  'auth-not-enforced': async (call, next, { credentials }) => {
    if (call.operationId !== 'listAvailableProducts') return next();
    const headers = new Headers(call.headers);
    headers.set('x-api-key', credentials.apiKey);
    headers.set('authorization', `Bearer ${credentials.accessToken}`);
    return next(new Request(call.request(), { headers }));
  },
  // A session that exists cannot be read: 404.
  'unavailable-after-create': async (call, next, server) => {
    if (call.operationId === 'getCheckoutSession') refuseNext(call, server, 404);
    return next();
  },
  // The link list filtered by the flow's own link also answers another merchant's link.
  'filter-ignored': success('listPaymentLinks', (wire) => {
    const body = wire.body as { results: Record<string, unknown>[]; pagination: { total: number } };
    const [first] = body.results;
    if (!first) return wire;
    const other = { ...first, id: 'd1f7-another-merchant-link', checkoutToken: 'another-merchant-invoice', owner: { identityId: 'another-merchant' } };
    const pagination = { ...body.pagination, count: body.results.length + 1, total: body.pagination.total + 1 };
    return { ...wire, body: { ...body, pagination, results: [...body.results, other] } };
  }),
  // Deleting a session answers 200 but keeps it.
  'available-after-delete': async (call, next, server) => {
    const id = call.params.checkoutSessionId;
    const exists = server.mock.state.checkoutSessions.some((session) => session.id === id);
    if (call.operationId !== 'deleteCheckoutSession' || !authenticated(call, server) || !exists) return next();
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: {} };
  },
  // A gateway's undocumented 503 instead of the 401.
  'server-error': refusal('listAvailableProducts', (wire) => ({ ...wire, status: 503 })),
  // The worst a server can do with secrets: put them in a field, an error detail and a header.
  'echoes-credentials': changesAnswers((_operationId, wire, call) => {
    const { 'x-api-key': apiKey = '', authorization = '' } = call.headers;
    const echo = `${apiKey} ${authorization} ${JSON.stringify(call.body ?? '')}`;
    const body = typeof wire.body === 'object' && wire.body !== null ? { ...wire.body, echo, detail: echo } : wire.body;
    return { ...wire, headers: { ...wire.headers, 'x-echo': echo.replace(/[^\x20-\x7e]/g, '') }, body };
  }),
};

const DRIFT_MODES = Object.keys(DEVIATIONS) as DriftMode[];

/** The deviation of one mode, or of several at once (each later mode sees what the earlier made of the answer). */
export function deviationFor(...modes: DriftMode[]): Deviation {
  const deviations = modes.map((mode) => {
    const deviation = DEVIATIONS[mode];
    if (!deviation) throw new Error(`Unknown drift mode "${mode}"; one of ${DRIFT_MODES.join(', ')}`);
    return deviation;
  });
  return deviations.reduce((inner, outer) => (call, next, server) =>
    outer(call, (request) => inner(call, (changed) => next(changed ?? request), server), server));
}

function planted(kind: FindingKind, operationId: string, location: string): PlantedFinding {
  return { kind, operationId, location, severity: severityOf(kind) };
}

/** Changes every answer on its way out. */
function changesAnswers(change: (operationId: string, wire: WireReply, call: Call) => WireReply): Deviation {
  return async (call, next) => change(call.operationId, await next(), call);
}

/** Changes the 401 an operation answers to a request without credentials. */
function refusal(operationId: string, change: (wire: WireReply) => WireReply): Deviation {
  return changesAnswers((id, wire) => (id === operationId && wire.status === 401 ? change(wire) : wire));
}

/** Changes an operation's successful answers. */
function success(operationId: string, change: (wire: WireReply, call: Call) => WireReply): Deviation {
  return changesAnswers((id, wire, call) => (id === operationId && wire.status < 300 ? change(wire, call) : wire));
}

/**
 * Serves the requests of the operations `accepts` names even when the contract forbids them: one the
 * mock refuses with 400 is sent again with what is wrong replaced from the operation's documented
 * example (no query, the example's body under what was sent), and that answer is the one given.
 */
function acceptsInvalid(accepts: (operationId: string) => boolean): Deviation {
  return async (call, next) => {
    const answer = await next();
    if (answer.status !== 400 || !accepts(call.operationId)) return answer;
    const operation = loadSpec().operation(call.operationId);
    const example = exampleRequest(loadSpec().document, operation.pointer).body;
    const sent = call.request();
    const url = new URL(sent.url);
    url.search = '';
    const body = example === undefined ? {} : { body: JSON.stringify({ ...(example as object), ...(call.body as object) }) };
    return next(new Request(url, { method: sent.method, headers: sent.headers, ...body }));
  };
}

/** The mock's next call of this operation fails with `status`, if the call carries the server's credentials. */
function refuseNext(call: Call, server: ServerSide, status: number): void {
  if (authenticated(call, server)) server.mock.failNext(call.operationId as Parameters<ConomyMock['failNext']>[0], status);
}

function authenticated({ headers }: Call, { credentials }: ServerSide): boolean {
  return headers['x-api-key'] === credentials.apiKey && headers.authorization === `Bearer ${credentials.accessToken}`;
}

function linkStatus({ mock }: ServerSide, id: string): string | undefined {
  return mock.state.paymentLinks.find((link) => link.id === id)?.status;
}

function without(body: unknown, property: string): unknown {
  const { [property]: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}
