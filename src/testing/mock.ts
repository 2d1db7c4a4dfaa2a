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
import { MockStore } from './state.js';
import type { ConomyMock, ConomyMockFetch, ConomyMockOptions, ListeningConomyMock } from './types.js';

/** Serves a fetch handler over HTTP on 127.0.0.1 (listen.ts). */
export type Listen = (handler: ConomyMockFetch, port?: number) => Promise<ListeningConomyMock>;

const NOT_WIRED = 'webhooks: not wired yet';

export function createMock(document: JsonObject, options: ConomyMockOptions, listen: Listen): ConomyMock {
  // Webhook seam: src/testing/webhooks.ts (createWebhookSender) plugs in here once it is merged.
  if (options.webhookUrl !== undefined || options.webhookSecret !== undefined) throw new Error(NOT_WIRED);
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
    },
    webhooks: Object.freeze([]),
    setPaymentStatus() {
      throw new Error(NOT_WIRED);
    },
  };
}
