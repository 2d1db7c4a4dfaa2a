// A local stand-in for the Conomy sandbox that drifts on purpose. On 127.0.0.1, an ephemeral
// port and the base path /sandbox, it serves the in-memory Conomy of api.ts the way the
// contract says: credentials checked (401), requests validated against openapi.yaml (400),
// answers pruned to the documented properties. In the conforming mode every answer is checked
// with the contract's own validator before it leaves (a failure is this server's bug, kept in
// `selfCheckFailures`). The other modes plant deviations (modes.ts). Whatever the mode, the
// server can also refuse every Nth request with 429 and Retry-After, as a rate limit does, or
// every Nth GET with 503, as a flaky gateway does (neither acting on it), answer slowly, gzip its
// answers, and hold other merchants' links, sessions and payments before the run starts.
import { createServer, type IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { paymentLinkBody } from '../../src/contract/cases/bodies.js';
import type { AddressInfo } from 'node:net';
import { isJsonObject, matchTemplate, parsePointer, type JsonObject } from '../../lib/spec/index.mjs';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { InMemoryConomy, problem, type ApiRequest, type Reply } from './api.js';
import { deviationFor, type DriftMode, type WireReply } from './modes.js';
import { authProblem, requestProblem, uncheckedRequest, type ServerCredentials } from './request-check.js';

export type { ServerCredentials } from './request-check.js';

export interface DriftServer {
  /** e.g. http://127.0.0.1:41234/sandbox */
  baseUrl: string;
  /** Every request received, in order. */
  received: { method: string; path: string; operationId?: string; status: number }[];
  /** Answers of the conforming mode that the contract's validator would not pass. */
  selfCheckFailures: string[];
  /** The most requests it was ever handling at the same time. */
  maxInFlight(): number;
  /** Its state: what exists now. */
  api: InMemoryConomy;
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
  const api = new InMemoryConomy();
  seedOtherMerchant(api, options.otherMerchants ?? 0);
  const deviation = deviationFor(mode, ...(options.also ?? []));
  const received: DriftServer['received'] = [];
  const selfCheckFailures: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const answer = async (incoming: IncomingMessage): Promise<{ operationId?: string; wire: WireReply }> => {
    const url = new URL(incoming.url ?? '/', 'http://drift.test');
    const bodyText = await readBody(incoming);
    const path = url.pathname.startsWith(`${BASE_PATH}/`) ? url.pathname.slice(BASE_PATH.length) : '';
    const operation = spec.findOperation(incoming.method ?? 'GET', path);
    if (!operation) return { wire: json(problem(404, `no route ${incoming.method} ${url.pathname}`)) };
    const { operationId } = operation;

    const params = pathParams(operation.path, path);
    const request: ApiRequest = { params, query: {}, body: undefined, headers: headersOf(incoming) };
    const unauthorized = deviation.ignoresAuth?.(operationId)
      ? undefined
      : authProblem(operationId, request, bodyText, credentials);
    const invalid = deviation.acceptsInvalid?.(operationId)
      ? uncheckedRequest(url, bodyText, request)
      : requestProblem(operation, url, bodyText, request);
    let reply = unauthorized ?? invalid ?? deviation.before?.(operationId, request, api);
    reply ??= api.handle(operationId, request);
    if (operationId === 'createAccessToken' && reply.status === 200) {
      reply = { ...reply, body: { ...(reply.body as JsonObject), accessToken: credentials.accessToken } };
    }

    const wire = json(pruned(operationId, reply));
    if (mode === 'conforming') selfCheckFailures.push(...selfCheck(operationId, wire));
    return { operationId, wire: deviation.after?.(operationId, wire, request) ?? wire };
  };

  let count = 0;
  let gets = 0;
  const server = createServer((incoming, outgoing) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    outgoing.once('close', () => (inFlight -= 1));
    count += 1;
    if (incoming.method === 'GET') gets += 1;
    const limited = options.rateLimitEvery !== undefined && count % options.rateLimitEvery === 0;
    const unavailable = incoming.method === 'GET' && options.unavailableEveryGet !== undefined && gets % options.unavailableEveryGet === 0;
    delay(options.delayMs)
      .then(() =>
        limited ? refused(incoming, 429, { 'retry-after': options.retryAfter ?? '1' })
        : unavailable ? refused(incoming, 503, {})
        : answer(incoming))
      .catch((error: unknown) => ({ operationId: undefined, wire: json(problem(500, `drift server bug: ${error}`)) }))
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
    api,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A refusal that did nothing (a rate limit's 429, a gateway's 503): the request body is read and dropped. */
async function refused(incoming: IncomingMessage, status: number, headers: Record<string, string>): Promise<{ operationId?: string; wire: WireReply }> {
  await readBody(incoming);
  const wire = json(problem(status, status === 429 ? 'too many requests, slow down' : 'service unavailable, try again'));
  return { wire: { ...wire, headers: { ...wire.headers, ...headers } } };
}

function delay(ms: ServerOptions['delayMs']): Promise<void> {
  const wait = Array.isArray(ms) ? ms[0] + Math.random() * (ms[1] - ms[0]) : (ms as number | undefined);
  return wait ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

/** The identity that owns what `otherMerchants` seeds. */
export const OTHER_MERCHANT = 'identity-another-merchant';

/** Links (half of them active), sessions and payments of another merchant, made through the API itself. */
function seedOtherMerchant(api: InMemoryConomy, count: number): void {
  const fixtures = { identityId: OTHER_MERCHANT, accountNumber: '999000111', accountHolder: 'Another Merchant SpA', currency: 'CLP', checkoutTokenPrefix: 'other-' };
  const request = (body: unknown, params: Record<string, string> = {}): ApiRequest => ({ params, query: {}, body, headers: {} });
  for (let index = 0; index < count; index += 1) {
    const link = api.handle('createPaymentLink', request(paymentLinkBody(fixtures, `other-link-${index}`))).body as { id: string };
    if (index % 2 === 0) api.handle('activatePaymentLink', request({}, { paymentLinkId: link.id }));
    const session = api.handle('createCheckoutSession', request(paymentLinkBody(fixtures, `other-session-${index}`))).body as { id: string };
    api.handle('createCheckoutSessionPayment', request({ paymentMethod: 'ETPAY' }, { checkoutSessionId: session.id }));
  }
}

function json(reply: Reply): WireReply {
  if (reply.body === undefined) return { status: reply.status, headers: {} };
  return { status: reply.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: reply.body };
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(incoming: IncomingMessage): Record<string, string> {
  const entries = Object.entries(incoming.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]);
  return Object.fromEntries(entries);
}

/** The path parameters of a request path its operation's template matched, decoded. */
function pathParams(template: string, path: string): Record<string, string> {
  const sent = matchTemplate(template, path)?.params ?? {};
  return Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, decodeURIComponent(value)]));
}

/** A copy of the answer without the properties the contract does not document (internal fields, echoed extras). */
function pruned(operationId: string, reply: Reply): Reply {
  if (reply.body === undefined) return reply;
  const body = structuredClone(reply.body);
  for (let pass = 0; pass < 10; pass += 1) {
    const findings = findingsOf(operationId, json({ status: reply.status, body }));
    const extra = findings.filter((finding) => finding.kind === 'undocumented-field');
    if (extra.length === 0) break;
    for (const finding of extra) removeAt(body, parsePointer(finding.location.slice('response.body'.length)));
  }
  return { status: reply.status, body };
}

function removeAt(root: unknown, segments: string[]): void {
  let parent = root;
  for (const segment of segments.slice(0, -1)) {
    parent = isJsonObject(parent) || Array.isArray(parent) ? (parent as JsonObject)[segment] : undefined;
  }
  const last = segments.at(-1);
  if (isJsonObject(parent) && last !== undefined) delete parent[last];
}

function findingsOf(operationId: string, wire: WireReply) {
  const bodyText = wire.text ?? (wire.body === undefined ? '' : JSON.stringify(wire.body));
  return validator.validateResponse({ operationId, status: wire.status, headers: wire.headers, bodyText }, { strict: true });
}

function selfCheck(operationId: string, wire: WireReply): string[] {
  return findingsOf(operationId, wire).map(
    (finding) => `${operationId} ${finding.status} ${finding.kind} at ${finding.location}: ${finding.message}`,
  );
}
