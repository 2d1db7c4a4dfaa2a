// The mock, given the contract's document and a way to serve HTTP: every operation of the spec on
// one in-memory state, reachable through `fetch` (in process, any origin and base path) and through
// `listen` (HTTP). This module and all it imports run anywhere (tsconfig.build.json checks it without
// Node's types); index.ts hands it the document and the Node-only listener.
import type { JsonObject } from '../../lib/spec/json-pointer.mjs';
import { responseValidatorFor } from '../contract/judge/validator.js';
import { specFromDocument } from '../contract/spec/spec-from-document.js';
import { operationEntry, type OperationId } from '../generated/operations.js';
import { MockCredentials } from './credentials.js';
import { MockFaults } from './faults.js';
import { createHandlers } from './handlers.js';
import { problem, toResponse, type MockReply } from './replies.js';
import { checkRequest, route, type Route } from './request-check.js';
import { MockStore, type CheckoutSession, type Payment } from './state.js';
import type { ConomyMock, ConomyMockFetch, ConomyMockOptions, ListeningConomyMock } from './types.js';
import { assertPaymentTransition, eventForStatus, type PaymentStatus } from './payment-lifecycle.js';
import { createWebhookSender } from './webhooks.js';

/** Serves a fetch handler over HTTP on 127.0.0.1 (listen.ts). */
export type Listen = (handler: ConomyMockFetch, port?: number) => Promise<ListeningConomyMock>;

/** The spec's example secret, so that the spec's example notification and the mock's verify alike. */
export const DEFAULT_WEBHOOK_SECRET = 'whsec_example_secret';

export function createMock(document: JsonObject, options: ConomyMockOptions, listen: Listen): ConomyMock {
  const newSender = () =>
    createWebhookSender({
      webhookSecret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
      ...(options.webhookUrl === undefined ? {} : { webhookUrl: options.webhookUrl }),
      ...(options.webhookRetryDelaysMs === undefined ? {} : { webhookRetryDelaysMs: options.webhookRetryDelaysMs }),
      ...(options.webhookTimeoutMs === undefined ? {} : { webhookTimeoutMs: options.webhookTimeoutMs }),
    });
  let sender = newSender();
  const spec = specFromDocument(document);
  const validator = responseValidatorFor(spec);
  const store = new MockStore();
  const credentials = new MockCredentials(document, spec.operations, store, options.credentials);
  const faults = new MockFaults(options);
  const handlers = createHandlers(document, validator, store, credentials);

  /** Credentials (401), then the request (400), then the operation. */
  const answer = async (request: Request, url: URL, found: Route): Promise<MockReply> => {
    const bodyText = await request.text();
    store.expire();
    const operationId = found.operation.operationId as OperationId;
    const unauthorized = credentials.refusal(operationId, request.headers);
    if (unauthorized) return unauthorized;
    const checked = checkRequest(spec, validator, found, url, request.headers, bodyText);
    if (checked.refusal) return checked.refusal;
    return handlers[operationId](checked.request);
  };

  const fetch: ConomyMockFetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const found = route(spec, request.method, url.pathname);
    // Taken before anything is awaited: see faults.ts.
    const refusal = faults.refusal(found?.operation.operationId);
    await faults.delay();
    if (refusal) return toResponse(refusal);
    if (!found) return toResponse(problem(404, `no operation of the contract is ${request.method} ${url.pathname}`));
    try {
      return toResponse(await answer(request, url, found));
    } catch (error) {
      return toResponse(problem(500, `the mock failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  return {
    fetch,
    listen: (port) => listen(fetch, port),
    get state() {
      return store.snapshot();
    },
    failNext(operationId, status, failOptions) {
      if (!operationEntry(operationId)) throw new RangeError(`failNext: "${operationId}" is not an operation of the contract`);
      faults.failNext(operationId, status, failOptions);
    },
    reset() {
      store.clear();
      faults.clear();
      credentials.restore();
      sender.close();
      sender = newSender();
    },
    get webhooks() {
      return structuredClone(sender.webhooks);
    },
    async setPaymentStatus(paymentId, status) {
      const record = store.payments.get(paymentId);
      if (!record) throw new RangeError(`setPaymentStatus: the mock holds no payment "${paymentId}"`);
      assertPaymentTransition(record.payment.status, status);
      movePayment(record.payment, status, new Date().toISOString());
      const session = store.sessions.get(record.checkoutSessionId)?.session;
      if (session?.status === 'PROCESSING_PAYMENT') session.status = sessionStatusAfter(status) ?? session.status;
      const event = eventForStatus(status);
      return event === undefined ? undefined : structuredClone(await sender.notify(record.payment, event));
    },
    webhooksSettled: () => sender.idle(),
    close: () => sender.close(),
  };
}

/** The payment in its new status, with the time of the move where the contract has a field for it. */
function movePayment(payment: Payment, status: PaymentStatus, now: string): void {
  payment.status = status;
  payment.updatedAt = now;
  if (status === 'AUTHORIZED') payment.authorizedAt = now;
  if (status === 'CAPTURED') payment.capturedAt = now;
  if (status === 'REFUNDED') payment.refundedAt = now;
}

/** What a session being paid becomes when its payment reaches `status`: done once the money is taken, failed when it is not. */
function sessionStatusAfter(status: PaymentStatus): CheckoutSession['status'] | undefined {
  if (['CAPTURED', 'RECEIVED', 'SETTLED', 'UNSETTLED'].includes(status)) return 'FINISHED';
  if (status === 'FAILED' || status === 'EXPIRED') return 'FAILED';
  return undefined;
}
