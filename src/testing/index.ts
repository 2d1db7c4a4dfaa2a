// @conomy/checkout-contract/testing: a stateful fake of Conomy that answers every operation of
// openapi.yaml as the contract documents, for integrators' tests (in process, over HTTP, or behind
// MSW). The entry wires the portable mock (mock.ts) to the contract's document and to the listener,
// the one part that needs Node.
import { listen } from './listen.js';
import { createMock } from './mock.js';
import { specDocument } from './spec-document.js';
import type { ConomyMock, ConomyMockOptions } from './types.js';

export { PaymentStatusTransitionError, type PaymentStatus, type WebhookEvent } from './payment-lifecycle.js';
export { signWebhook, type RecordedWebhook, type WebhookDelivery } from './webhooks.js';
export type {
  ConomyMock,
  ConomyMockCredentials,
  ConomyMockFetch,
  ConomyMockOptions,
  ConomyMockState,
  ConomyOperationId,
  FailNextOptions,
  ListeningConomyMock,
} from './types.js';

/** A new mock with an empty state. */
export function createConomyMock(options: ConomyMockOptions = {}): ConomyMock {
  return createMock(specDocument, options, listen);
}
