// The webhook side of the in-memory Conomy: which status change notifies which event, the signed
// TransactionNotification, and a sender that records every notification and POSTs it with retries.
// It must run wherever an integrator's tests run, browsers included, so it uses fetch, Web Crypto
// and timers only, never a Node built-in.
import type { NotifiedTransaction, Payment, TransactionNotification } from '../generated/openapi.js';
import { ConomyError } from '../core/error.js';
import { WEBHOOK_SIGNATURE_HEADER } from '../core/webhook.js';

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

/** Lowercase hex HMAC-SHA256 of `body` keyed with `secret`: what X-Webhook-Signature carries. */
export async function signWebhook(body: string, secret: string): Promise<string> {
  assertSecret(secret, 'signWebhook');
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function assertSecret(secret: string, where: string): void {
  // An empty key still yields an HMAC, one that anyone can forge: refuse it rather than sign with it.
  if (typeof secret !== 'string' || secret === '') {
    throw new ConomyError(`${where}: the webhook secret must be a non-empty string`);
  }
}

/** The payment fields a notification reads; a whole Payment fits. */
export type NotifiablePayment = Pick<Payment, 'id' | 'externalId' | 'totalAmount' | 'currency' | 'status'> &
  Partial<Pick<Payment, 'purchaseAmount' | 'purchaseCurrency' | 'product'>>;

export interface SignedWebhook {
  /** Exactly the bytes to send. */
  body: string;
  headers: Record<string, string>;
}

/**
 * The TransactionNotification for `payment`, signed both ways Conomy documents (D15): the body
 * field over JSON.stringify({event, data}), and the X-Webhook-Signature header over the raw body.
 */
export async function transactionNotification(
  payment: NotifiablePayment,
  event: WebhookEvent,
  secret: string,
): Promise<SignedWebhook> {
  assertSecret(secret, 'transactionNotification');
  const expected = eventForStatus(payment.status);
  if (expected !== event) {
    throw new ConomyError(
      `transactionNotification: a ${payment.status} payment notifies ${expected ?? 'no event'}, not ${event}`,
    );
  }
  // Field by field, in the schema's order: data.transaction is NotifiedTransaction, six fields of
  // the payment, not the Payment itself.
  const transaction: NotifiedTransaction = {
    id: payment.id,
    purchaseAmount: purchaseAmountOf(payment),
    totalAmount: payment.totalAmount,
    externalId: payment.externalId,
    currency: payment.currency,
    status: payment.status as NotifiedTransaction['status'],
  };
  const data = { transaction };
  const signature = await signWebhook(JSON.stringify({ event, data }), secret);
  const body = JSON.stringify({ event, data, signature } satisfies TransactionNotification);
  const headers = { 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: await signWebhook(body, secret) };
  return { body, headers };
}

// NotifiedTransaction requires purchaseAmount, Payment does not. When the payment states no other
// purchase currency, the payer paid the total in the payment's own currency; otherwise there is no
// honest figure to send, so say so rather than guess.
function purchaseAmountOf(payment: NotifiablePayment): string {
  if (payment.purchaseAmount !== undefined) return payment.purchaseAmount;
  const purchaseCurrency = payment.purchaseCurrency ?? payment.product?.split(':')[0] ?? payment.currency;
  if (purchaseCurrency === payment.currency) return payment.totalAmount;
  throw new ConomyError(
    `transactionNotification: payment ${payment.id} is paid in ${purchaseCurrency} but has no purchaseAmount`,
  );
}

export interface WebhookDelivery {
  /** The HTTP status of the answer; absent when there was none. */
  status?: number;
  /** Why the attempt failed without an answer (connection error, timeout, sender closed). */
  error?: string;
  /** When the attempt started (ISO 8601). */
  at: string;
}

export interface RecordedWebhook extends SignedWebhook {
  event: WebhookEvent;
  paymentId: string;
  /** One entry per POST attempt, in order. */
  deliveries: WebhookDelivery[];
  /** `unsent` without a URL (or after close); `failed` once every attempt of the schedule failed. */
  outcome: 'unsent' | 'pending' | 'delivered' | 'failed';
}

export interface WebhookSenderOptions {
  url?: string;
  secret: string;
  fetch?: typeof fetch;
  /** Waits before each retry; its length is the number of retries. Default [50, 200, 1000]. */
  retryDelaysMs?: number[];
  /** How long one attempt may wait for an answer. Default 10 000, the spec's limit. */
  timeoutMs?: number;
  /** Called after every attempt, delivered or not. */
  onDelivery?: (delivery: WebhookDelivery, webhook: RecordedWebhook) => void;
}

export interface WebhookSender {
  /** Signs and records the notification; resolves once recorded, before it is delivered. */
  notify(payment: NotifiablePayment, event: WebhookEvent): Promise<RecordedWebhook>;
  readonly webhooks: RecordedWebhook[];
  /** Resolves when every notification so far has been delivered or given up on. */
  idle(): Promise<void>;
  /** Cancels pending retries and any attempt in flight; later notifications are recorded, not sent. */
  close(): void;
}

// Conomy retries with exponential backoff for up to 24 hours; a test cannot wait that long, so
// the default keeps the shape (growing waits, more than one retry) on a scale of milliseconds.
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [50, 200, 1000];
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  assertSecret(options.secret, 'createWebhookSender');
  const delays = [...(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS)];
  // Delivery is at least once with retries (the webhook's description): a schedule with no retry
  // would test a handler against a Conomy that does not exist.
  if (delays.length === 0 || delays.some((delay) => !Number.isFinite(delay) || delay < 0)) {
    throw new ConomyError('createWebhookSender: retryDelaysMs needs at least one retry, each a delay >= 0 ms');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new ConomyError('createWebhookSender: timeoutMs must be above 0');
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const webhooks: RecordedWebhook[] = [];
  const closing = new AbortController();
  // Two queues: signing is quick and keeps the record in call order; deliveries wait for one
  // another, so a receiver sees notifications in the order the payment changed.
  let recorded: Promise<unknown> = Promise.resolve();
  let delivered: Promise<void> = Promise.resolve();

  function report(webhook: RecordedWebhook, delivery: WebhookDelivery): void {
    webhook.deliveries.push(delivery);
    try {
      options.onDelivery?.(delivery, webhook);
    } catch {
      // A listener's failure is the listener's: it must not end the retries.
    }
  }

  async function attempt(url: string, webhook: RecordedWebhook): Promise<boolean> {
    const at = new Date().toISOString();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onClose = () => controller.abort();
    closing.signal.addEventListener('abort', onClose);
    try {
      const response = await send(url, { method: 'POST', headers: webhook.headers, body: webhook.body, signal: controller.signal });
      // The answer's body is ignored (the spec says so); cancel it so the connection is released.
      await response.body?.cancel().catch(() => undefined);
      report(webhook, { status: response.status, at });
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      const why = closing.signal.aborted ? 'sender closed'
        : controller.signal.aborted ? `no answer within ${timeoutMs} ms`
        : reasonOf(error);
      report(webhook, { error: why, at });
      return false;
    } finally {
      clearTimeout(timer);
      closing.signal.removeEventListener('abort', onClose);
    }
  }

  async function deliver(url: string, webhook: RecordedWebhook): Promise<void> {
    for (let retry = 0; ; retry += 1) {
      if (closing.signal.aborted) break;
      if (await attempt(url, webhook)) {
        webhook.outcome = 'delivered';
        return;
      }
      const delay = delays[retry];
      if (delay === undefined || !(await wait(delay, closing.signal))) break;
    }
    webhook.outcome = webhook.deliveries.length === 0 ? 'unsent' : 'failed';
  }

  return {
    webhooks,
    notify(payment, event) {
      const url = closing.signal.aborted ? undefined : options.url;
      const record = recorded.then(async () => {
        const signed = await transactionNotification(payment, event, options.secret);
        const webhook: RecordedWebhook = {
          ...signed, event, paymentId: payment.id, deliveries: [], outcome: url ? 'pending' : 'unsent',
        };
        webhooks.push(webhook);
        return webhook;
      });
      // A notification that could not be built rejects its own notify and nothing else.
      recorded = record.catch(() => undefined);
      if (url) {
        delivered = delivered
          .then(() => record.then((webhook) => deliver(url, webhook), () => undefined))
          .catch(() => undefined);
      }
      return record;
    },
    async idle() {
      // Wait again if a notification arrived while waiting, until both queues stand still.
      for (;;) {
        const [lastRecorded, lastDelivered] = [recorded, delivered];
        await Promise.all([lastRecorded, lastDelivered]);
        if (lastRecorded === recorded && lastDelivered === delivered) return;
      }
    },
    close() {
      closing.abort();
    },
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort);
  });
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a DNS failure) is in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
