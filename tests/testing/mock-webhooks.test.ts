// The mock's webhooks: a payment moved through its lifecycle notifies each change the contract has
// an event for, signed so that the client's verifyWebhook accepts it under the mock's secret and
// refuses it under another, recorded as sent, and delivered to webhookUrl with repeats until a 2xx.
// The payment and its session move with it, and every answer stays valid against the contract.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConomyWebhookSignatureError, verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from '../../src/index.js';
import { createConomyMock, PaymentStatusTransitionError, signWebhook, type ConomyMock } from '../../src/testing/index.js';
import { judgedClient, offer } from './support.js';

const mocks: ConomyMock[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const mock of mocks.splice(0)) mock.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A mock with one paid session: the payment the tests move. */
async function paid(options: Parameters<typeof createConomyMock>[0] = {}) {
  const mock = createConomyMock(options);
  mocks.push(mock);
  const { client, answers } = judgedClient(mock);
  const { data: session } = await client.POST('/checkout-sessions', { body: offer('invoice-2001') });
  const { data: payment } = await client.POST('/checkout-sessions/{checkoutSessionId}/payments', {
    params: { path: { checkoutSessionId: session.id } },
    body: { paymentMethod: 'ETPAY' },
  });
  return { mock, client, answers, session, payment };
}

/** A webhook receiver on 127.0.0.1 that answers each delivery with the next status of `statuses` (then 204). */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: { body: string; signature: string | undefined }[] }> {
  const received: { body: string; signature: string | undefined }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: request.headers['x-webhook-signature'] as string | undefined });
    response.writeHead(statuses.shift() ?? 204).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/conomy`, received };
}

describe('a payment moved by setPaymentStatus', () => {
  it('notifies Captured, then Received, each signed so that verifyWebhook accepts it under the secret and not under another', async () => {
    const { mock, client, answers, session, payment } = await paid({ webhookSecret: 'whsec_shop_test_0001' });
    expect(payment.status).toBe('CREATED');
    // The contract documents no event for a created payment: nothing was sent.
    expect(mock.webhooks).toEqual([]);

    const captured = await mock.setPaymentStatus(payment.id, 'CAPTURED');
    const received = await mock.setPaymentStatus(payment.id, 'RECEIVED');
    expect(mock.webhooks.map(({ event, paymentId }) => ({ event, paymentId }))).toEqual([
      { event: 'Transaction.Captured', paymentId: payment.id },
      { event: 'Transaction.Received', paymentId: payment.id },
    ]);
    for (const webhook of [captured, received]) {
      const body = webhook?.body ?? '';
      const notification = await verifyWebhook(body, 'whsec_shop_test_0001');
      expect(notification.data.transaction).toMatchObject({ id: payment.id, externalId: payment.externalId, totalAmount: payment.totalAmount, currency: payment.currency });
      await verifyWebhook(body, 'whsec_shop_test_0001', { signatureHeader: webhook?.headers[WEBHOOK_SIGNATURE_HEADER] ?? null });
      await expect(verifyWebhook(body, 'whsec_another_secret')).rejects.toThrow(ConomyWebhookSignatureError);
      // What a handler's own test signs, the same way: signWebhook gives the header's signature.
      expect(await signWebhook(body, 'whsec_shop_test_0001')).toBe(webhook?.headers[WEBHOOK_SIGNATURE_HEADER]);
    }
    expect(JSON.parse(received?.body ?? '').data.transaction.status).toBe('RECEIVED');

    // The payment and its session moved too, and still answer as the contract documents.
    const { data: read } = await client.GET('/payments/{paymentId}', { params: { path: { paymentId: payment.id } } });
    expect(read).toMatchObject({ status: 'RECEIVED', capturedAt: expect.any(String) });
    const { data: finished } = await client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId: session.id } } });
    expect(finished.status).toBe('FINISHED');
    expect(answers.flatMap((answer) => answer.findings)).toEqual([]);
  });

  it('signs with the spec\'s example secret by default, notifies nothing for a status without an event, and fails the session with its payment', async () => {
    const { mock, session, payment } = await paid();
    expect(await mock.setPaymentStatus(payment.id, 'AUTHORIZED')).toBeUndefined();
    const failed = await mock.setPaymentStatus(payment.id, 'FAILED');
    expect((await verifyWebhook(failed?.body ?? '', 'whsec_example_secret')).event).toBe('Transaction.Failed');
    expect(mock.state.payments[0]).toMatchObject({ status: 'FAILED', authorizedAt: expect.any(String) });
    expect(mock.state.checkoutSessions.find((candidate) => candidate.id === session.id)?.status).toBe('FAILED');
  });

  it('refuses a move the lifecycle does not allow, and a payment it does not hold, changing nothing', async () => {
    const { mock, payment } = await paid();
    await mock.setPaymentStatus(payment.id, 'FAILED');
    await expect(mock.setPaymentStatus(payment.id, 'CAPTURED')).rejects.toThrow(new PaymentStatusTransitionError('FAILED', 'CAPTURED', 'FAILED is final'));
    await expect(mock.setPaymentStatus('6d6f636b0000000000000999', 'CAPTURED')).rejects.toThrow(/no payment "6d6f636b0000000000000999"/);
    expect(mock.state.payments[0]?.status).toBe('FAILED');
    expect(mock.webhooks).toHaveLength(1);
  });

  it('two moves made at once each notify what their own move made', async () => {
    const { mock, payment } = await paid();
    const [captured, received] = await Promise.all([mock.setPaymentStatus(payment.id, 'CAPTURED'), mock.setPaymentStatus(payment.id, 'RECEIVED')]);
    expect([captured?.event, received?.event]).toEqual(['Transaction.Captured', 'Transaction.Received']);
    expect(JSON.parse(captured?.body ?? '').data.transaction.status).toBe('CAPTURED');
    expect(mock.webhooks.map((webhook) => webhook.event)).toEqual(['Transaction.Captured', 'Transaction.Received']);
  });

  it('reset forgets the notifications with everything else', async () => {
    const { mock, payment } = await paid();
    await mock.setPaymentStatus(payment.id, 'CAPTURED');
    mock.reset();
    expect(mock.webhooks).toEqual([]);
  });
});

describe('delivery to webhookUrl', () => {
  it('POSTs each notification exactly as recorded, repeating after a non-2xx until the handler takes it', async () => {
    const handler = await receiver([500, 503]);
    const { mock, payment } = await paid({ webhookUrl: handler.url, webhookRetryDelaysMs: [10, 10, 10] });
    const sent = await mock.setPaymentStatus(payment.id, 'CAPTURED');
    await mock.webhooksSettled();
    expect(handler.received).toHaveLength(3);
    expect(handler.received.every(({ body, signature }) => body === sent?.body && signature === sent.headers[WEBHOOK_SIGNATURE_HEADER])).toBe(true);
    expect(mock.webhooks[0]).toMatchObject({ outcome: 'delivered', deliveries: [{ status: 500 }, { status: 503 }, { status: 204 }] });
  });

  it('gives up after the last repeat, recording each attempt, and close() stops what still waits', async () => {
    const handler = await receiver([500, 500, 500]);
    const { mock, payment } = await paid({ webhookUrl: handler.url, webhookRetryDelaysMs: [10, 10] });
    await mock.setPaymentStatus(payment.id, 'CAPTURED');
    await mock.webhooksSettled();
    expect(mock.webhooks[0]).toMatchObject({ outcome: 'failed', deliveries: [{ status: 500 }, { status: 500 }, { status: 500 }] });

    const slowHandler = await receiver([500]);
    const slow = await paid({ webhookUrl: slowHandler.url, webhookRetryDelaysMs: [60_000] });
    await slow.mock.setPaymentStatus(slow.payment.id, 'CAPTURED');
    await expect.poll(() => slowHandler.received.length).toBe(1);
    slow.mock.close();
    await slow.mock.webhooksSettled();
    // The first attempt (500) and no repeat: close() ended the minute's wait.
    expect(slow.mock.webhooks[0]).toMatchObject({ outcome: 'failed', deliveries: [{ status: 500 }] });

    // The mock goes on after close(): the next notification is delivered (the handler now answers 204).
    await slow.mock.setPaymentStatus(slow.payment.id, 'RECEIVED');
    await slow.mock.webhooksSettled();
    expect(slow.mock.webhooks[1]).toMatchObject({ event: 'Transaction.Received', outcome: 'delivered' });
    expect(slowHandler.received.at(-1)?.body).toBe(slow.mock.webhooks[1]?.body);
  });
});
