// The drifting server's modes: `conforming`; one per finding kind that plants exactly one
// deviation from openapi.yaml into otherwise conforming behaviour (`PLANTED` says what the drift
// run must find: that one finding, no other); `combined`, with a deviation in each of eight
// operations at once (`COMBINED` lists them); and `lenient`, which accepts every invalid request
// but answers valid ones as documented.
import { severityOf, type FindingKind, type Severity } from '../../src/contract/judge/findings.js';
import { problem, type ApiRequest, type InMemoryConomy, type Reply } from './api.js';

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

/** Where a mode departs from the contract; every hook is optional. */
export interface Deviation {
  /** Serve this operation without checking credentials. */
  ignoresAuth?(operationId: string): boolean;
  /** Take this operation's requests as sent, without checking them against the spec. */
  acceptsInvalid?(operationId: string): boolean;
  /** Answer instead of the in-memory API. */
  before?(operationId: string, request: ApiRequest, api: InMemoryConomy): Reply | undefined;
  /** Change the answer on its way out (after pruning and the conforming self-check). */
  after?(operationId: string, wire: WireReply, request: ApiRequest): WireReply | undefined;
}

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

const combined: Deviation = {
  after: (operationId, wire) => {
    if (wire.status >= 300) return undefined;
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
        return undefined;
    }
  },
};

/** D6: only the reference destination shape is accepted. D30: an ACTIVE link is deletable, or refused with 400. */
const REGISTER_DEVIATIONS: Record<RegisterMode, Deviation> = {
  'refuses-guide-destination': {
    before: (operationId, request) => {
      const creates = operationId === 'createPaymentLink' || operationId === 'createCheckoutSession';
      const destinations = (request.body as { destinations?: { identity?: unknown }[] } | undefined)?.destinations ?? [];
      return creates && destinations.some((destination) => destination.identity) ? problem(400, 'destinations[0].account is incomplete') : undefined;
    },
  },
  'deletes-active-links': {
    before: (operationId, request, api) => {
      const link = api.links.get(request.params.paymentLinkId ?? '');
      if (operationId !== 'deletePaymentLink' || link?.status !== 'ACTIVE') return undefined;
      api.links.delete(link.id);
      return { status: 204 };
    },
  },
  'refuses-active-deletion-with-400': {
    before: (operationId, request, api) =>
      operationId === 'deletePaymentLink' && api.links.get(request.params.paymentLinkId ?? '')?.status === 'ACTIVE'
        ? problem(400, 'an ACTIVE link cannot be deleted')
        : undefined,
  },
};

const DEVIATIONS: Record<DriftMode, Deviation> = {
  conforming: {},
  ...REGISTER_DEVIATIONS,
  combined,
  // Takes every request as sent (limit=51, an offer without currency, ...); valid ones are served as documented.
  lenient: { acceptsInvalid: () => true },
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
  'undocumented-field': success('createCheckoutSessionPayment', (wire, request) => ({
    ...wire,
    body: { ...(wire.body as object), checkoutSessionId: request.params.checkoutSessionId },
  })),
  // The session list as JSON, but without Content-Type.
  'header-missing': success('listCheckoutSessions', (wire) => ({ ...wire, headers: {} })),
  // A valid payment link refused as if it were invalid.
  'request-rejected': {
    before: (operationId) => (operationId === 'createPaymentLink' ? problem(400, 'items are not accepted') : undefined),
  },
  // limit=51 (the maximum is 50) is served like any other limit.
  'request-accepted': { acceptsInvalid: (operationId) => operationId === 'listPaymentLinks' },
  // Served without any credentials.
  'auth-not-enforced': { ignoresAuth: (operationId) => operationId === 'listAvailableProducts' },
  // A session that exists cannot be read: 404.
  'unavailable-after-create': {
    before: (operationId) => (operationId === 'getCheckoutSession' ? problem(404, 'not found') : undefined),
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
  'available-after-delete': {
    before: (operationId, request, api) =>
      operationId === 'deleteCheckoutSession' && api.sessions.has(request.params.checkoutSessionId ?? '')
        ? { status: 200, body: {} }
        : undefined,
  },
  // A gateway's undocumented 503 instead of the 401.
  'server-error': refusal('listAvailableProducts', (wire) => ({ ...wire, status: 503 })),
  // The worst a server can do with secrets: put them in a field, an error detail and a header.
  'echoes-credentials': {
    after: (_operationId, wire, request) => {
      const { 'x-api-key': apiKey = '', authorization = '' } = request.headers;
      const echo = `${apiKey} ${authorization} ${JSON.stringify(request.body ?? '')}`;
      const body = typeof wire.body === 'object' && wire.body !== null ? { ...wire.body, echo, detail: echo } : wire.body;
      return { ...wire, headers: { ...wire.headers, 'x-echo': echo.replace(/[^\x20-\x7e]/g, '') }, body };
    },
  },
};

const DRIFT_MODES = Object.keys(DEVIATIONS) as DriftMode[];

/** The deviation of one mode, or of several at once (each hook of a later mode sees what the earlier made). */
export function deviationFor(...modes: DriftMode[]): Deviation {
  const deviations = modes.map((mode) => {
    const deviation = DEVIATIONS[mode];
    if (!deviation) throw new Error(`Unknown drift mode "${mode}"; one of ${DRIFT_MODES.join(', ')}`);
    return deviation;
  });
  if (deviations.length === 1 && deviations[0]) return deviations[0];
  return {
    ignoresAuth: (operationId) => deviations.some((deviation) => deviation.ignoresAuth?.(operationId)),
    acceptsInvalid: (operationId) => deviations.some((deviation) => deviation.acceptsInvalid?.(operationId)),
    before: (operationId, request, api) => deviations.reduce<Reply | undefined>((reply, deviation) => reply ?? deviation.before?.(operationId, request, api), undefined),
    after: (operationId, wire, request) => {
      const changed = deviations.reduce((current, deviation) => deviation.after?.(operationId, current, request) ?? current, wire);
      return changed === wire ? undefined : changed;
    },
  };
}

function planted(kind: FindingKind, operationId: string, location: string): PlantedFinding {
  return { kind, operationId, location, severity: severityOf(kind) };
}

/** Changes the 401 an operation answers to a request without credentials. */
function refusal(operationId: string, change: (wire: WireReply) => WireReply): Deviation {
  return { after: (id, wire) => (id === operationId && wire.status === 401 ? change(wire) : undefined) };
}

/** Changes an operation's successful answers. */
function success(operationId: string, change: (wire: WireReply, request: ApiRequest) => WireReply): Deviation {
  return { after: (id, wire, request) => (id === operationId && wire.status < 300 ? change(wire, request) : undefined) };
}

function without(body: unknown, property: string): unknown {
  const { [property]: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}
