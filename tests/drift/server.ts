// A local stand-in for the Conomy sandbox that drifts on purpose: the product's mock
// (createConomyMock, src/testing/) behind a node:http server of this test's own, on 127.0.0.1, an
// ephemeral port and the base path /sandbox (the mock itself serves any), pinned to the given
// credentials. In the conforming mode
// it answers as the mock does, and every answer is checked with the contract's own validator before
// it leaves (a failure is the mock's bug, kept in `selfCheckFailures`). The other modes wrap the
// mock and change its answers (modes.ts). Whatever the mode, the server can also refuse every Nth
// request with 429 and Retry-After, as a rate limit does, or every Nth GET with 503, as a flaky
// gateway does (neither acting on it: the mock's failNext), answer slowly (the mock's latency),
// gzip its answers, and hold other merchants' links, sessions and payments before the run starts.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { matchTemplate } from '../../lib/spec/index.mjs';
import { paymentLinkBody } from '../../src/contract/cases/bodies.js';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { createConomyClient } from '../../src/index.js';
import { createConomyMock, type ConomyMock, type ConomyMockCredentials, type ConomyOperationId } from '../../src/testing/index.js';
import { deviationFor, type Call, type DriftMode, type WireReply } from './modes.js';

/** The credentials the server takes, and the token its POST /auth issues. */
export type ServerCredentials = Required<ConomyMockCredentials>;

export interface DriftServer {
  /** e.g. http://127.0.0.1:41234/sandbox */
  baseUrl: string;
  /** Every request received, in order. */
  received: { method: string; path: string; operationId?: string; status: number }[];
  /** Answers of the conforming mode that the contract's validator would not pass. */
  selfCheckFailures: string[];
  /** The most requests it was ever handling at the same time. */
  maxInFlight(): number;
  /** The mock behind the server: what exists now is `mock.state`. */
  mock: ConomyMock;
  close(): Promise<void>;
}

const BASE_PATH = '/sandbox';
const spec = loadSpec();
const validator = responseValidatorFor(spec);

export interface ServerOptions {
  /** Refuse every Nth request (N, 2N, ...) with 429 and `Retry-After: retryAfter`, doing nothing else. */
  rateLimitEvery?: number;
  /** Default `1` (seconds); any text is sent as is. */
  retryAfter?: string;
  /** Answer every Nth GET (N, 2N, ...) with 503, as a flaky gateway does, doing nothing else. */
  unavailableEveryGet?: number;
  /** Wait this long before each answer, or a random time between the two. */
  delayMs?: number | readonly [min: number, max: number];
  /** Send every answer with a body gzip-compressed (Content-Encoding: gzip). */
  gzip?: boolean;
  /**
   * An account that already holds this many payment links, checkout sessions and payments of
   * another merchant (identity OTHER_MERCHANT): a run must never write to them.
   */
  otherMerchants?: number;
  /** Further modes whose deviations are planted on top of `mode`'s. */
  also?: DriftMode[];
}

export async function startDriftServer(mode: DriftMode, credentials: ServerCredentials, options: ServerOptions = {}): Promise<DriftServer> {
  const mock = createConomyMock({ credentials, ...(options.delayMs === undefined ? {} : { latencyMs: options.delayMs }) });
  await seedOtherMerchant(mock, credentials, options.otherMerchants ?? 0);
  const deviation = deviationFor(mode, ...(options.also ?? []));
  const received: DriftServer['received'] = [];
  const selfCheckFailures: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  /** The mock's answer to what the mode asks; in the conforming mode, checked against the contract. */
  const mockAnswer = async (request: Request): Promise<WireReply> => {
    const wire = await wireOf(await mock.fetch(request));
    const operationId = spec.findOperation(request.method, new URL(request.url).pathname.slice(BASE_PATH.length))?.operationId;
    if (mode === 'conforming' && operationId) selfCheckFailures.push(...selfCheck(operationId, wire));
    return wire;
  };

  let count = 0;
  let gets = 0;
  const answer = async (incoming: IncomingMessage): Promise<{ operationId?: string; wire: WireReply }> => {
    count += 1;
    if (incoming.method === 'GET') gets += 1;
    const limited = options.rateLimitEvery !== undefined && count % options.rateLimitEvery === 0;
    const unavailable = incoming.method === 'GET' && options.unavailableEveryGet !== undefined && gets % options.unavailableEveryGet === 0;
    const call = await callOf(incoming);
    const { operationId } = call;
    if (!operationId) return { wire: await mockAnswer(call.request()) };
    // Refused before the mode sees the request, as by a gateway in front of the server (whose
    // undocumented 503 is no answer of the mock's to check).
    if (limited || unavailable) {
      mock.failNext(operationId as ConomyOperationId, limited ? 429 : 503, limited ? { retryAfter: options.retryAfter ?? '1' } : {});
      return { operationId, wire: await wireOf(await mock.fetch(call.request())) };
    }
    return { operationId, wire: await deviation(call, (request) => mockAnswer(request ?? call.request()), { mock, credentials }) };
  };

  const server = createServer((incoming, outgoing) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    outgoing.once('close', () => (inFlight -= 1));
    answer(incoming)
      .catch((error: unknown): { operationId?: string; wire: WireReply } => ({ wire: { status: 500, headers: {}, text: `drift server bug: ${error}` } }))
      .then(({ operationId, wire }) => {
        received.push({ method: incoming.method ?? '', path: incoming.url ?? '', operationId, status: wire.status });
        const headers: Record<string, string> = { 'x-request-id': `drift-req-${received.length}`, ...wire.headers };
        const text = wire.text ?? (wire.body === undefined ? '' : JSON.stringify(wire.body));
        if (!options.gzip || text === '') return void outgoing.writeHead(wire.status, headers).end(text);
        outgoing.writeHead(wire.status, { ...headers, 'content-encoding': 'gzip' }).end(gzipSync(text));
      })
      // A reply that cannot be written (say, a header value Node refuses): drop the connection.
      .catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${BASE_PATH}`,
    received,
    selfCheckFailures,
    maxInFlight: () => maxInFlight,
    mock,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The identity that owns what `otherMerchants` seeds. */
export const OTHER_MERCHANT = 'identity-another-merchant';

/**
 * Links (half of them active), sessions and payments of another merchant, made through the mock's
 * API; all at once, so that the mock's latency is waited out twice, not once per request.
 */
async function seedOtherMerchant(mock: ConomyMock, credentials: ServerCredentials, count: number): Promise<void> {
  const client = createConomyClient({ apiKey: credentials.apiKey, accessToken: credentials.accessToken, baseUrl: 'http://127.0.0.1/sandbox', fetch: mock.fetch });
  const fixtures = { identityId: OTHER_MERCHANT, accountNumber: '999000111', accountHolder: 'Another Merchant SpA', currency: 'CLP', checkoutTokenPrefix: 'other-' };
  const seed = async (index: number) => {
    const [{ data: link }, { data: session }] = await Promise.all([
      client.POST('/payment-links', { body: paymentLinkBody(fixtures, `other-link-${index}`) }),
      client.POST('/checkout-sessions', { body: paymentLinkBody(fixtures, `other-session-${index}`) }),
    ]);
    await Promise.all([
      index % 2 === 0 && client.POST('/payment-links/{paymentLinkId}/activate', { params: { path: { paymentLinkId: link.id } }, body: {} }),
      client.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: { paymentMethod: 'ETPAY' } }),
    ]);
  };
  await Promise.all(Array.from({ length: count }, (_, index) => seed(index)));
}

/** The request as the modes see it; its body is read once and given to each copy. */
async function callOf(incoming: IncomingMessage): Promise<Call> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const bodyText = Buffer.concat(chunks).toString('utf8');
  const method = incoming.method ?? 'GET';
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const headers = Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]));
  const path = url.pathname.startsWith(`${BASE_PATH}/`) ? url.pathname.slice(BASE_PATH.length) : '';
  const operation = spec.findOperation(method, path);
  const sent = operation ? (matchTemplate(operation.path, path)?.params ?? {}) : {};
  let body: unknown;
  try {
    body = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  return {
    operationId: operation?.operationId ?? '',
    params: Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, decodeURIComponent(value)])),
    headers,
    body,
    request: () => new Request(url, { method, headers, ...(bodyText === '' ? {} : { body: bodyText }) }),
  };
}

async function wireOf(response: Response): Promise<WireReply> {
  const headers = Object.fromEntries(response.headers);
  const text = await response.text();
  return text === '' ? { status: response.status, headers } : { status: response.status, headers, body: JSON.parse(text) };
}

function selfCheck(operationId: string, wire: WireReply): string[] {
  const bodyText = wire.body === undefined ? '' : JSON.stringify(wire.body);
  return validator
    .validateResponse({ operationId, status: wire.status, headers: wire.headers, bodyText }, { strict: true })
    .map((finding) => `${operationId} ${finding.status} ${finding.kind} at ${finding.location}: ${finding.message}`);
}
