// The webhook side of the in-memory Conomy: the signed TransactionNotification, and a sender that
// records every notification and POSTs it with retries.
// It must run wherever an integrator's tests run, browsers included, so it uses fetch, Web Crypto
// and timers only, never a Node built-in.
import type { NotifiedTransaction, Payment, TransactionNotification } from '../generated/openapi.js';
import { ConomyError } from '../core/error.js';
import { WEBHOOK_SIGNATURE_HEADER } from '../core/webhook.js';
import { eventForStatus, type WebhookEvent } from './payment-lifecycle.js';

/**
 * Lowercase hex HMAC-SHA256 of `body` keyed with `secret`: what X-Webhook-Signature carries. Written
 * apart from the client's verifyWebhook on purpose: a test that signs with one and verifies with the
 * other checks two readings of the spec, not one function against itself.
 */
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
  /** `unsent` without a URL (or when close() came before the first attempt); `failed` once every attempt of the schedule failed. */
  outcome: 'unsent' | 'pending' | 'delivered' | 'failed';
}

/** The mock's webhook options (ConomyMockOptions), as the sender takes them, and a fetch and a listener for its tests. */
export interface WebhookSenderOptions {
  webhookUrl?: string;
  webhookSecret: string;
  /** Waits before each retry; its length is the number of retries. Default [50, 200, 1000]. */
  webhookRetryDelaysMs?: readonly number[];
  /** How long one attempt may wait for an answer. Default 10 000, the spec's limit. */
  webhookTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Called after every attempt, delivered or not. */
  onDelivery?: (delivery: WebhookDelivery, webhook: RecordedWebhook) => void;
}

export interface WebhookSender {
  /** Signs and records the notification of `payment` as it is now; resolves once recorded, before it is delivered. */
  notify(payment: NotifiablePayment, event: WebhookEvent): Promise<RecordedWebhook>;
  readonly webhooks: RecordedWebhook[];
  /** Resolves when every notification so far has been delivered or given up on. */
  idle(): Promise<void>;
  /** Cancels the retries still waiting and any attempt in flight; later notifications are delivered again. */
  close(): void;
}

// Conomy retries with exponential backoff for up to 24 hours; a test cannot wait that long, so
// the default keeps the shape (growing waits, more than one retry) on a scale of milliseconds.
const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [50, 200, 1000];
const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** What makes `url` unfit to POST notifications to, in words that follow its name, or undefined. */
export function webhookUrlProblem(url: string): string | undefined {
  // The URL itself is not repeated: one may carry a token in its query.
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) ? undefined : 'must be an http or https URL';
}

/** The sender's options checked, each problem naming the mock's option it came from. */
function checkedOptions(options: WebhookSenderOptions) {
  const refuse = (problem: string) => new RangeError(`createConomyMock: ${problem}`);
  if (typeof options.webhookSecret !== 'string' || options.webhookSecret === '') throw refuse('webhookSecret must be a non-empty string');
  const urlProblem = options.webhookUrl === undefined ? undefined : webhookUrlProblem(options.webhookUrl);
  if (urlProblem) throw refuse(`webhookUrl ${urlProblem}`);
  const delays = [...(options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS)];
  // Delivery is at least once with retries (the webhook's description): a schedule with no retry
  // would test a handler against a Conomy that does not exist.
  if (delays.length === 0 || delays.some((delay) => !Number.isFinite(delay) || delay < 0)) {
    throw refuse('webhookRetryDelaysMs needs at least one retry, each a delay >= 0 ms');
  }
  const timeoutMs = options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw refuse('webhookTimeoutMs must be above 0');
  return { url: options.webhookUrl, secret: options.webhookSecret, delays, timeoutMs };
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { url, secret, delays, timeoutMs } = checkedOptions(options);
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const webhooks: RecordedWebhook[] = [];
  // Each notification is delivered under the signal current when it was made: close() aborts it
  // and puts a fresh one in its place, so the mock goes on delivering what comes after.
  let closing = new AbortController();
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

  async function attempt(target: string, webhook: RecordedWebhook, closed: AbortSignal): Promise<boolean> {
    const at = new Date().toISOString();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onClose = () => controller.abort();
    closed.addEventListener('abort', onClose);
    try {
      const response = await send(target, { method: 'POST', headers: webhook.headers, body: webhook.body, signal: controller.signal });
      // The answer's body is ignored (the spec says so); cancel it so the connection is released.
      await response.body?.cancel().catch(() => undefined);
      report(webhook, { status: response.status, at });
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      const why = closed.aborted ? 'sender closed'
        : controller.signal.aborted ? `no answer within ${timeoutMs} ms`
        : reasonOf(error);
      report(webhook, { error: why, at });
      return false;
    } finally {
      clearTimeout(timer);
      closed.removeEventListener('abort', onClose);
    }
  }

  async function deliver(target: string, webhook: RecordedWebhook, closed: AbortSignal): Promise<void> {
    for (let retry = 0; ; retry += 1) {
      if (closed.aborted) break;
      if (await attempt(target, webhook, closed)) {
        webhook.outcome = 'delivered';
        return;
      }
      const delay = delays[retry];
      if (delay === undefined || !(await wait(delay, closed))) break;
    }
    webhook.outcome = webhook.deliveries.length === 0 ? 'unsent' : 'failed';
  }

  return {
    webhooks,
    notify(payment, event) {
      // The payment as it is now: a later move must not change what this notification says.
      const now = { ...payment };
      const closed = closing.signal;
      const record = recorded.then(async () => {
        const signed = await transactionNotification(now, event, secret);
        const webhook: RecordedWebhook = {
          ...signed, event, paymentId: now.id, deliveries: [], outcome: url ? 'pending' : 'unsent',
        };
        webhooks.push(webhook);
        return webhook;
      });
      // A notification that could not be built rejects its own notify and nothing else.
      recorded = record.catch(() => undefined);
      if (url) {
        delivered = delivered
          .then(() => record.then((webhook) => deliver(url, webhook, closed), () => undefined))
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
      closing = new AbortController();
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
