// The payment lifecycle of the in-memory Conomy: the documented payment statuses, which moves
// between them a test may make (mock.setPaymentStatus), and which event each status notifies.
import type { TransactionNotification } from '../generated/openapi.js';
import { ConomyError } from '../core/error.js';

export type WebhookEvent = TransactionNotification['event'];

/**
 * The payment statuses openapi.yaml documents: `Payment.status` is a free string (D18) and this is
 * the list its description gives, in the order a payment moves through them.
 */
export const PAYMENT_STATUSES = [
  'CREATED', 'PENDING', 'ATTEMPT', 'AUTHORIZED', 'REQUIRES_REVIEW',
  'CAPTURED', 'RECEIVED', 'SETTLED', 'UNSETTLED', 'EXPIRED', 'FAILED', 'REFUNDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// Which status change notifies which event. The webhook's description says Conomy posts "when a
// transaction is captured, received or fails", and D18 says NotifiedTransaction.status (CAPTURED,
// RECEIVED, FAILED) maps one to one onto the three events (D16). The spec names no event for any
// other status, creation included, so those notify nothing: inventing one (say EXPIRED as
// Transaction.Failed) would send a body whose data.transaction.status the schema forbids.
const EVENT_OF_STATUS: Partial<Record<PaymentStatus, WebhookEvent>> = {
  CAPTURED: 'Transaction.Captured',
  RECEIVED: 'Transaction.Received',
  FAILED: 'Transaction.Failed',
};

/** The event a payment reaching `status` notifies, or undefined when the spec documents none. */
export function eventForStatus(status: string): WebhookEvent | undefined {
  return isPaymentStatus(status) ? EVENT_OF_STATUS[status] : undefined;
}

export function isPaymentStatus(status: string): status is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(status);
}

// Transitions. The spec does not define them (D18: the sources even disagree on who drives them),
// so the mock follows the lifecycle the newest guide describes: a payment moves forward through its
// stages, from CREATED (PENDING in older docs, the same first stage) through ATTEMPT, AUTHORIZED,
// REQUIRES_REVIEW, CAPTURED and RECEIVED to SETTLED or UNSETTLED, skipping stages as it likes; it may
// fail from any stage that is not final, expire only before its money is captured, and be refunded
// only after. The final statuses are the guide's terminal ones: nothing leaves them.
const STAGE: Partial<Record<PaymentStatus, number>> = {
  CREATED: 0, PENDING: 0, ATTEMPT: 1, AUTHORIZED: 2, REQUIRES_REVIEW: 3, CAPTURED: 4, RECEIVED: 5, SETTLED: 6, UNSETTLED: 6,
};
const CAPTURED_STAGE = 4;

export const TERMINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['SETTLED', 'UNSETTLED', 'EXPIRED', 'FAILED', 'REFUNDED'];

/** A `setPaymentStatus` move the mock refuses; `from` and `to` say which. */
export class PaymentStatusTransitionError extends ConomyError {
  static override readonly brand: string = 'PaymentStatusTransitionError';
  constructor(readonly from: string, readonly to: string, why: string) {
    super(`A payment cannot move from ${from} to ${to}: ${why}`);
  }
}

/** Throws PaymentStatusTransitionError unless a payment in `from` may move to `to`. */
export function assertPaymentTransition(from: string, to: string): asserts to is PaymentStatus {
  const refuse = (why: string) => new PaymentStatusTransitionError(from, to, why);
  const known = `the documented statuses are ${PAYMENT_STATUSES.join(', ')}`;
  if (!isPaymentStatus(to)) throw refuse(`${to} is not a documented payment status (${known})`);
  if (!isPaymentStatus(from)) throw refuse(`${from} is not a documented payment status (${known})`);
  if (TERMINAL_PAYMENT_STATUSES.includes(from)) throw refuse(`${from} is final`);
  // A status outside the stages (REQUIRES_REVIEW and the like are stages; DISPUTED is not documented) has been refused above.
  const stage = STAGE[from] ?? 0;
  if (to === 'FAILED') return;
  if (to === 'EXPIRED' && stage >= CAPTURED_STAGE) throw refuse('its money is captured: it can no longer expire');
  if (to === 'REFUNDED' && stage < CAPTURED_STAGE) throw refuse('nothing is captured yet to refund');
  if (to === 'EXPIRED' || to === 'REFUNDED') return;
  if ((STAGE[to] ?? 0) <= stage) throw refuse('payments only move forward');
}
