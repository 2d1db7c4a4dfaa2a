import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { valueAt } from '../../lib/spec/index.mjs';
import { ConomyError, verifyWebhook, WEBHOOK_SIGNATURE_HEADER, type Payment } from '../../src/index.js';
import {
  assertPaymentTransition, eventForStatus, PAYMENT_STATUSES, PaymentStatusTransitionError,
  signWebhook, TERMINAL_PAYMENT_STATUSES, transactionNotification, type WebhookEvent,
} from '../../src/testing/webhooks.js';

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
  it.each(TERMINAL_PAYMENT_STATUSES)('CREATED may move to the terminal %s, and nothing leaves it', (terminal) => {
    expect(() => assertPaymentTransition('CREATED', terminal)).not.toThrow();
    expect(() => assertPaymentTransition('AUTHORIZED', terminal)).not.toThrow();
    for (const next of PAYMENT_STATUSES) {
      expect(() => assertPaymentTransition(terminal, next)).toThrow(
        new PaymentStatusTransitionError(terminal, next, `${terminal} is terminal`),
      );
    }
  });

  it('moves forward through the open statuses', () => {
    const path = ['CREATED', 'ATTEMPT', 'AUTHORIZED', 'REQUIRES_REVIEW', 'CAPTURED'];
    path.slice(1).forEach((to, i) => expect(() => assertPaymentTransition(path[i] ?? '', to)).not.toThrow());
    expect(() => assertPaymentTransition('PENDING', 'ATTEMPT')).not.toThrow();
  });

  it.each([['AUTHORIZED', 'ATTEMPT'], ['CREATED', 'CREATED'], ['PENDING', 'CREATED'], ['REQUIRES_REVIEW', 'AUTHORIZED']])(
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
