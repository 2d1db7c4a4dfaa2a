import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { valueAt } from '../../lib/spec/index.mjs';
import { ConomyError, verifyWebhook, WEBHOOK_SIGNATURE_HEADER, type Payment } from '../../src/index.js';
import {
  assertPaymentTransition, eventForStatus, PAYMENT_STATUSES, PaymentStatusTransitionError, TERMINAL_PAYMENT_STATUSES, type WebhookEvent,
} from '../../src/testing/payment-lifecycle.js';
import { createWebhookSender, signWebhook, transactionNotification } from '../../src/testing/webhooks.js';

const SECRET = 'whsec_mock_0c1d2e3f';
const spec = loadSpec();
const specAt = (pointer: string) => valueAt(spec.document, `/components/schemas/${pointer}`);
const validateNotification = responseValidatorFor(spec).schemaAt('/components/schemas/TransactionNotification', { strict: true });

/** A whole Payment, with fields a notification must leave out, in the given status. */
function payment(status: string, extra: Partial<Payment> = {}): Payment {
  return {
    id: '67a0307eaddea901a60144ec', externalId: 'invoice-1001-1', identityId: '679c482ee4420cb5b0966c9a',
    accountNumber: '173854531105176050117', totalAmount: '50990', purchaseAmount: '49990', currency: 'CLP',
    purchaseCurrency: 'CLP', product: 'CLP:CLP', description: 'Invoice 1001', status, type: 'PURCHASE',
    createdAt: '2025-12-01T10:00:00.000Z', updatedAt: '2025-12-01T10:05:00.000Z', ...extra,
  };
}

const NOTIFYING: [string, WebhookEvent][] = [
  ['CAPTURED', 'Transaction.Captured'], ['RECEIVED', 'Transaction.Received'], ['FAILED', 'Transaction.Failed'],
];

describe('signWebhook', () => {
  const body = '{"event":"Transaction.Captured","data":{"transaction":{"id":"p1"}}}';

  it('is the lowercase hex HMAC-SHA256 of the raw body, which verifyWebhook accepts in the header', async () => {
    const signature = await signWebhook(body, SECRET);
    expect(signature).toBe(createHmac('sha256', SECRET).update(body).digest('hex'));
    await expect(verifyWebhook(body, SECRET, { signatureHeader: signature })).resolves.toMatchObject({ event: 'Transaction.Captured' });
  });

  it('is refused under another secret', async () => {
    const signature = await signWebhook(body, 'another-secret');
    await expect(verifyWebhook(body, SECRET, { signatureHeader: signature })).rejects.toThrow('does not match the secret');
  });

  it('refuses an empty secret', async () => {
    await expect(signWebhook(body, '')).rejects.toThrow(new ConomyError('signWebhook: the webhook secret must be a non-empty string'));
  });
});

describe('status -> event', () => {
  it('covers exactly the statuses Payment.status documents', () => {
    const description = String(specAt('Payment/properties/status/description'));
    const documented = [...description.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]);
    expect([...PAYMENT_STATUSES].sort()).toEqual(documented.sort());
  });

  it.each(PAYMENT_STATUSES)('%s', (status) => {
    expect(eventForStatus(status)).toBe(new Map(NOTIFYING).get(status));
  });

  it('maps onto the spec\'s own enums and nothing for an unknown status', () => {
    expect(NOTIFYING.map(([status]) => status)).toEqual(specAt('NotifiedTransaction/properties/status/enum'));
    expect(NOTIFYING.map(([, event]) => event)).toEqual(specAt('TransactionNotification/properties/event/enum'));
    expect(eventForStatus('DISPUTED')).toBeUndefined();
  });
});

describe('status transitions', () => {
  it.each(TERMINAL_PAYMENT_STATUSES)('nothing leaves the final %s', (terminal) => {
    for (const next of PAYMENT_STATUSES) {
      expect(() => assertPaymentTransition(terminal, next)).toThrow(new PaymentStatusTransitionError(terminal, next, `${terminal} is final`));
    }
  });

  it('moves forward through the stages, skipping some as it likes, to a settlement', () => {
    const path = ['CREATED', 'ATTEMPT', 'AUTHORIZED', 'REQUIRES_REVIEW', 'CAPTURED', 'RECEIVED', 'SETTLED'];
    path.slice(1).forEach((to, i) => expect(() => assertPaymentTransition(path[i] ?? '', to)).not.toThrow());
    for (const [from, to] of [['PENDING', 'ATTEMPT'], ['CREATED', 'CAPTURED'], ['CAPTURED', 'UNSETTLED'], ['ATTEMPT', 'RECEIVED']]) {
      expect(() => assertPaymentTransition(from ?? '', to ?? ''), `${from} -> ${to}`).not.toThrow();
    }
  });

  it('fails from any stage, expires only before the capture, is refunded only after it', () => {
    for (const from of ['CREATED', 'AUTHORIZED', 'CAPTURED', 'RECEIVED']) expect(() => assertPaymentTransition(from, 'FAILED')).not.toThrow();
    expect(() => assertPaymentTransition('AUTHORIZED', 'EXPIRED')).not.toThrow();
    expect(() => assertPaymentTransition('CAPTURED', 'EXPIRED')).toThrow('A payment cannot move from CAPTURED to EXPIRED: its money is captured');
    expect(() => assertPaymentTransition('RECEIVED', 'REFUNDED')).not.toThrow();
    expect(() => assertPaymentTransition('ATTEMPT', 'REFUNDED')).toThrow('A payment cannot move from ATTEMPT to REFUNDED: nothing is captured yet');
  });

  it.each([['AUTHORIZED', 'ATTEMPT'], ['CREATED', 'CREATED'], ['PENDING', 'CREATED'], ['RECEIVED', 'CAPTURED']])(
    'refuses %s -> %s, naming both', (from, to) => {
      expect(() => assertPaymentTransition(from, to)).toThrow(`A payment cannot move from ${from} to ${to}: payments only move forward`);
    });

  it('refuses a status the spec does not document, either way', () => {
    expect(() => assertPaymentTransition('CREATED', 'PAID')).toThrow(/^A payment cannot move from CREATED to PAID: PAID is not a documented/);
    expect(() => assertPaymentTransition('DISPUTED', 'FAILED')).toThrow(PaymentStatusTransitionError);
  });
});

describe('transactionNotification', () => {
  it.each(NOTIFYING)('a %s payment: a valid body, signed in the body field and in the header', async (status, event) => {
    const { body, headers } = await transactionNotification(payment(status), event, SECRET);
    const parsed = JSON.parse(body);
    expect(validateNotification(parsed), JSON.stringify(validateNotification.errors)).toBe(true);
    expect(parsed).toEqual({
      event,
      data: { transaction: { id: '67a0307eaddea901a60144ec', purchaseAmount: '49990', totalAmount: '50990',
        externalId: 'invoice-1001-1', currency: 'CLP', status } },
      signature: createHmac('sha256', SECRET).update(JSON.stringify({ event, data: parsed.data })).digest('hex'),
    });
    await expect(verifyWebhook(body, SECRET)).resolves.toMatchObject({ event, data: parsed.data });
    expect(headers).toEqual({ 'Content-Type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: await signWebhook(body, SECRET) });
    await expect(verifyWebhook(body, SECRET, { signatureHeader: headers[WEBHOOK_SIGNATURE_HEADER] })).resolves.toMatchObject({ event });
    await expect(verifyWebhook(body, 'another-secret')).rejects.toThrow('does not match the secret');
  });

  it('refuses an event the payment\'s status does not notify, and an empty secret', async () => {
    await expect(transactionNotification(payment('CAPTURED'), 'Transaction.Failed', SECRET)).rejects.toThrow(
      'a CAPTURED payment notifies Transaction.Captured, not Transaction.Failed');
    await expect(transactionNotification(payment('CREATED'), 'Transaction.Captured', SECRET)).rejects.toThrow(
      'a CREATED payment notifies no event, not Transaction.Captured');
    await expect(transactionNotification(payment('FAILED'), 'Transaction.Failed', '')).rejects.toThrow('non-empty string');
  });

  it('without purchaseAmount: the total when paid in the same currency, refused across currencies', async () => {
    const same = await transactionNotification(payment('CAPTURED', { purchaseAmount: undefined }), 'Transaction.Captured', SECRET);
    expect(JSON.parse(same.body).data.transaction.purchaseAmount).toBe('50990');
    const usd = payment('CAPTURED', { purchaseAmount: undefined, purchaseCurrency: 'USD', product: 'USD:CLP' });
    await expect(transactionNotification(usd, 'Transaction.Captured', SECRET)).rejects.toThrow('paid in USD but has no purchaseAmount');
  });
});

interface Hit { at: number; body: string; headers: IncomingHttpHeaders }
let server: Server;
let url: string;
let hits: Hit[];
let answer: (hit: Hit, response: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hit = { at: performance.now(), body: Buffer.concat(chunks).toString(), headers: request.headers };
      hits.push(hit);
      answer(hit, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/conomy`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = [];
  answer = (_hit, response) => response.writeHead(204).end();
});

const statusAt = (statuses: number[]) => (_hit: Hit, response: ServerResponse) =>
  response.writeHead(statuses[hits.length - 1] ?? statuses.at(-1) ?? 500).end();

describe('createWebhookSender', () => {
  it('retries a 500 on the schedule until a 2xx, and records every attempt', async () => {
    answer = statusAt([500, 500, 204]);
    const seen: (number | undefined)[] = [];
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [60, 120, 5000], onDelivery: (d) => seen.push(d.status) });
    const webhook = await sender.notify(payment('CAPTURED'), 'Transaction.Captured');
    expect(webhook.outcome).toBe('pending');
    await sender.idle();
    expect(hits).toHaveLength(3);
    // Timers may fire a millisecond early against performance.now(): allow that, not more.
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(59);
    expect((hits[2]?.at ?? 0) - (hits[1]?.at ?? 0)).toBeGreaterThanOrEqual(119);
    expect(webhook.deliveries.map((d) => d.status)).toEqual([500, 500, 204]);
    expect(seen).toEqual([500, 500, 204]);
    expect(webhook.outcome).toBe('delivered');
    expect(sender.webhooks).toEqual([webhook]);
    expect(webhook).toMatchObject({ event: 'Transaction.Captured', paymentId: '67a0307eaddea901a60144ec' });
    for (const hit of hits) {
      expect(hit.body).toBe(webhook.body);
      expect(hit.headers['content-type']).toBe('application/json');
      await expect(verifyWebhook(hit.body, SECRET, { signatureHeader: String(hit.headers['x-webhook-signature']) })).resolves.toBeTruthy();
    }
  });

  it('gives up after 1 + retries attempts without throwing, and records the failure', async () => {
    answer = statusAt([503]);
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [5, 5, 5], onDelivery: () => { throw new Error('listener'); } });
    const webhook = await sender.notify(payment('FAILED'), 'Transaction.Failed');
    await expect(sender.idle()).resolves.toBeUndefined();
    expect(hits).toHaveLength(4);
    expect(webhook.deliveries.map((d) => d.status)).toEqual([503, 503, 503, 503]);
    expect(webhook.outcome).toBe('failed');
  });

  it('retries a connection error and a timeout, recording why', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const refused = createWebhookSender({ webhookUrl: deadUrl, webhookSecret: SECRET, webhookRetryDelaysMs: [5] });
    const lost = await refused.notify(payment('CAPTURED'), 'Transaction.Captured');
    answer = () => undefined; // never answers
    const slow = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [5], webhookTimeoutMs: 80 });
    const late = await slow.notify(payment('RECEIVED'), 'Transaction.Received');
    await Promise.all([refused.idle(), slow.idle()]);
    expect(lost.deliveries).toHaveLength(2);
    expect(lost.deliveries[0]?.error).toMatch(/ECONNREFUSED/);
    expect(late.deliveries.map((d) => d.error)).toEqual(['no answer within 80 ms', 'no answer within 80 ms']);
    expect(hits).toHaveLength(2);
    expect([lost.outcome, late.outcome]).toEqual(['failed', 'failed']);
  });

  it('without a URL: records the notification and sends nothing', async () => {
    const calls: unknown[] = [];
    const sender = createWebhookSender({ webhookSecret: SECRET, fetch: async (...args) => (calls.push(args), new Response(null)) });
    const webhook = await sender.notify(payment('RECEIVED'), 'Transaction.Received');
    await sender.idle();
    expect(calls).toEqual([]);
    expect(sender.webhooks).toEqual([webhook]);
    expect(webhook).toMatchObject({ outcome: 'unsent', deliveries: [] });
    await expect(verifyWebhook(webhook.body, SECRET)).resolves.toMatchObject({ event: 'Transaction.Received' });
  });

  it('delivers one notification after another, in the order notified', async () => {
    answer = statusAt([500, 204, 204]);
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [30] });
    const first = sender.notify(payment('CAPTURED', { id: 'first' }), 'Transaction.Captured');
    const second = sender.notify(payment('FAILED', { id: 'second' }), 'Transaction.Failed');
    await Promise.all([first, second]);
    expect(sender.webhooks.map((w) => w.paymentId)).toEqual(['first', 'second']);
    await sender.idle();
    expect(hits.map((hit) => JSON.parse(hit.body).data.transaction.id)).toEqual(['first', 'first', 'second']);
  });

  it('idle() waits for notifications made while it waits', async () => {
    answer = statusAt([500, 204]);
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [30] });
    const first = await sender.notify(payment('CAPTURED', { id: 'first' }), 'Transaction.Captured');
    const idle = sender.idle();
    const second = sender.notify(payment('FAILED', { id: 'second' }), 'Transaction.Failed');
    await idle;
    expect([first.outcome, (await second).outcome]).toEqual(['delivered', 'delivered']);
  });

  it('close() cancels a pending retry; later notifications are delivered again', async () => {
    answer = statusAt([500, 204]);
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET, webhookRetryDelaysMs: [10_000] });
    const started = Date.now();
    const webhook = await sender.notify(payment('CAPTURED'), 'Transaction.Captured');
    await expect.poll(() => webhook.deliveries.length).toBe(1);
    sender.close();
    await sender.idle();
    expect(Date.now() - started).toBeLessThan(5000);
    const later = await sender.notify(payment('FAILED'), 'Transaction.Failed');
    await sender.idle();
    expect(hits.map((hit) => JSON.parse(hit.body).event)).toEqual(['Transaction.Captured', 'Transaction.Failed']);
    expect([webhook.outcome, later.outcome]).toEqual(['failed', 'delivered']);
    expect(sender.webhooks).toHaveLength(2);
  });

  it('close() aborts an attempt in flight', async () => {
    answer = () => undefined;
    const sender = createWebhookSender({ webhookUrl: url, webhookSecret: SECRET });
    const webhook = await sender.notify(payment('CAPTURED'), 'Transaction.Captured');
    await expect.poll(() => hits.length).toBe(1);
    sender.close();
    await sender.idle();
    expect(webhook.deliveries).toEqual([{ error: 'sender closed', at: expect.any(String) }]);
  });

  it('refuses an empty secret, a URL that is not http(s) (without repeating it), a schedule without a retry and a bad timeout, naming the mock option', () => {
    const refusal = (options: Parameters<typeof createWebhookSender>[0]) => {
      try {
        createWebhookSender(options);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal({ webhookSecret: '' })).toEqual(new RangeError('createConomyMock: webhookSecret must be a non-empty string'));
    expect(refusal({ webhookSecret: SECRET, webhookUrl: 'hooks.test/conomy?token=tok_5e1f' })).toEqual(new RangeError('createConomyMock: webhookUrl must be an http or https URL'));
    expect(refusal({ webhookSecret: SECRET, webhookUrl: 'ftp://hooks.test/conomy' })).toEqual(new RangeError('createConomyMock: webhookUrl must be an http or https URL'));
    expect(refusal({ webhookSecret: SECRET, webhookRetryDelaysMs: [] })).toEqual(new RangeError('createConomyMock: webhookRetryDelaysMs needs at least one retry, each a delay >= 0 ms'));
    expect(refusal({ webhookSecret: SECRET, webhookRetryDelaysMs: [-1] })).toBeInstanceOf(RangeError);
    expect(refusal({ webhookSecret: SECRET, webhookTimeoutMs: 0 })).toEqual(new RangeError('createConomyMock: webhookTimeoutMs must be above 0'));
    expect(refusal({ webhookSecret: SECRET, webhookUrl: 'http://127.0.0.1:9/hook' })).toBeUndefined();
  });
});
