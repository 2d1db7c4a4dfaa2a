import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exampleOf } from '../../lib/spec/index.mjs';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { ConomyError, ConomyWebhookSignatureError, verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from '../../src/index.js';

// Expected signatures come from node:crypto, independently of the Web Crypto code under test.
const SECRET = 'whsec-LEAKCHECK-0c1d2e3f';
const hmac = (text: string, secret = SECRET) => createHmac('sha256', secret).update(text).digest('hex');

const event = 'Transaction.Captured';
const data = {
  transaction: {
    id: '693512c4addea901a6014530',
    purchaseAmount: '49990',
    totalAmount: '49990',
    externalId: 'invoice-1001',
    currency: 'CLP',
    status: 'CAPTURED',
  },
};

/** A body signed in the `signature` field, as Conomy sends it, with the same whitespace as the sender. */
function bodySigned(secret = SECRET): string {
  return JSON.stringify({ event, data, signature: hmac(JSON.stringify({ event, data }), secret) }, null, 2);
}

describe('verifyWebhook, signature in the body field', () => {
  it('returns the typed notification when the signature matches', async () => {
    const notification = await verifyWebhook(bodySigned(), SECRET);
    expect(notification.event).toBe('Transaction.Captured');
    expect(notification.data.transaction.status).toBe('CAPTURED');
    expect(notification.signature).toBe(hmac(JSON.stringify({ event, data })));
  });

  it('returns only what is signed: a top-level field beside event and data is dropped', async () => {
    const signed = JSON.parse(bodySigned()) as Record<string, unknown>;
    const padded = JSON.stringify({ ...signed, refund: { to: 'attacker' }, event, data });
    const notification = await verifyWebhook(padded, SECRET);
    expect(Object.keys(notification).sort()).toEqual(['data', 'event', 'signature']);
    expect(notification).not.toHaveProperty('refund');
  });

  it('accepts the raw body as bytes too', async () => {
    const bytes = new TextEncoder().encode(bodySigned());
    await expect(verifyWebhook(bytes, SECRET)).resolves.toMatchObject({ event });
    await expect(verifyWebhook(bytes.buffer, SECRET)).resolves.toMatchObject({ event });
  });

  it('rejects a tampered body', async () => {
    const tampered = bodySigned().replace('"49990"', '"1"');
    await expect(verifyWebhook(tampered, SECRET)).rejects.toThrow(
      new ConomyWebhookSignatureError('Webhook signature in the "signature" body field does not match the secret'),
    );
  });

  it('rejects a signature made with another secret', async () => {
    await expect(verifyWebhook(bodySigned('another-secret'), SECRET)).rejects.toBeInstanceOf(ConomyWebhookSignatureError);
  });

  it('rejects a body without a signature, naming both placements', async () => {
    await expect(verifyWebhook(JSON.stringify({ event, data }), SECRET)).rejects.toThrow(
      `Webhook carries no signature: neither a ${WEBHOOK_SIGNATURE_HEADER} header nor a "signature" body field`,
    );
  });

  it('rejects a malformed signature and a body that is not JSON', async () => {
    const short = JSON.stringify({ event, data, signature: 'abc123' });
    await expect(verifyWebhook(short, SECRET)).rejects.toThrow('is not 64 hexadecimal characters');
    await expect(verifyWebhook('{"event":', SECRET)).rejects.toThrow(new ConomyWebhookSignatureError('Webhook body is not valid JSON'));
  });
});

describe('verifyWebhook, signature in the X-Webhook-Signature header', () => {
  const raw = JSON.stringify({ event, data });

  it('verifies the HMAC of the raw body', async () => {
    const notification = await verifyWebhook(raw, SECRET, { signatureHeader: hmac(raw) });
    expect(notification.data.transaction.id).toBe(data.transaction.id);
    expect(notification.signature).toBeUndefined();
  });

  it('accepts uppercase hex and surrounding whitespace in the header', async () => {
    await expect(verifyWebhook(raw, SECRET, { signatureHeader: ` ${hmac(raw).toUpperCase()} ` })).resolves.toMatchObject({ event });
  });

  it('rejects a raw body changed by as little as whitespace', async () => {
    await expect(verifyWebhook(`${raw} `, SECRET, { signatureHeader: hmac(raw) })).rejects.toThrow(
      `Webhook signature in the ${WEBHOOK_SIGNATURE_HEADER} header does not match the secret`,
    );
  });

  it('rejects the wrong secret', async () => {
    await expect(verifyWebhook(raw, SECRET, { signatureHeader: hmac(raw, 'nope') })).rejects.toBeInstanceOf(ConomyWebhookSignatureError);
  });

  it('prefers the header when present: a wrong header fails even if the body field is right', async () => {
    await expect(verifyWebhook(bodySigned(), SECRET, { signatureHeader: hmac('something else') })).rejects.toBeInstanceOf(
      ConomyWebhookSignatureError,
    );
  });

  it('falls back to the body field when the header is null (Headers.get of a missing header)', async () => {
    await expect(verifyWebhook(bodySigned(), SECRET, { signatureHeader: null })).resolves.toMatchObject({ event });
  });

  it.each([
    ['not an object', 'Transaction.Captured'],
    ['null', null],
    ['without event', { data }],
    ['with a non-text event', { event: 7, data }],
    ['without data', { event }],
    ['with null data', { event, data: null }],
    ['with data that is text', { event, data: 'transaction' }],
    ['without a transaction', { event, data: {} }],
    ['with a null transaction', { event, data: { transaction: null } }],
    ['with a transaction that is text', { event, data: { transaction: '693512c4addea901a6014530' } }],
  ])('refuses a correctly signed body %s: it is not a transaction notification', async (_what, body) => {
    const other = JSON.stringify(body);
    const error = await verifyWebhook(other, SECRET, { signatureHeader: hmac(other) }).catch((caught: unknown) => caught);
    expect(error).toEqual(new ConomyError('Webhook body is not a transaction notification (needs event and data.transaction)'));
    expect(error).not.toBeInstanceOf(ConomyWebhookSignatureError);
  });

  it('refuses a correctly signed raw body that is not JSON, as a body problem rather than a signature one', async () => {
    const error = await verifyWebhook('event=paid', SECRET, { signatureHeader: hmac('event=paid') }).catch((caught: unknown) => caught);
    expect(error).toEqual(new ConomyError('Webhook body is not valid JSON'));
    expect(error).not.toBeInstanceOf(ConomyWebhookSignatureError);
  });

  it.each([
    ['junk after the 64 hex characters', (hex: string) => `${hex}zz`],
    ['junk before them', (hex: string) => `zz${hex}`],
    ['one character more', (hex: string) => `${hex}0`],
    ['a space inside', (hex: string) => `${hex.slice(0, 32)} ${hex.slice(32)}`],
    ['a 0x prefix', (hex: string) => `0x${hex.slice(2)}`],
  ])('rejects a header signature with %s as malformed', async (_what, change) => {
    await expect(verifyWebhook(raw, SECRET, { signatureHeader: change(hmac(raw)) })).rejects.toThrow(
      new ConomyWebhookSignatureError(`Webhook signature in the ${WEBHOOK_SIGNATURE_HEADER} header is not 64 hexadecimal characters`),
    );
  });

  it('rejects a signature that differs from the right one in the last byte only', async () => {
    const right = hmac(raw);
    const wrongEnd = `${right.slice(0, 62)}${right.slice(62) === '00' ? '01' : '00'}`;
    await expect(verifyWebhook(raw, SECRET, { signatureHeader: wrongEnd })).rejects.toThrow('does not match the secret');
  });
});

describe('verifyWebhook input checks', () => {
  it('requires a secret', async () => {
    for (const secret of ['', undefined, 42]) {
      await expect(verifyWebhook(bodySigned(), secret as string)).rejects.toThrow(
        new ConomyError('verifyWebhook: the webhook secret must be a non-empty string'),
      );
    }
  });

  it.each([
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a signature that is not text', JSON.stringify({ event, data, signature: 1234 })],
  ])('says a body of %s without a header carries no signature', async (_what, body) => {
    await expect(verifyWebhook(body, SECRET)).rejects.toThrow(
      new ConomyWebhookSignatureError(`Webhook carries no signature: neither a ${WEBHOOK_SIGNATURE_HEADER} header nor a "signature" body field`),
    );
  });

  it('refuses a body-field signature over a body with null data, once the signature matched', async () => {
    const signedNull = JSON.stringify({ event, data: null, signature: hmac(JSON.stringify({ event, data: null })) });
    await expect(verifyWebhook(signedNull, SECRET)).rejects.toThrow('Webhook body is not a transaction notification');
  });

  it('never mentions the secret or the expected signature in its errors', async () => {
    const error = (await verifyWebhook(bodySigned('other'), SECRET).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(hmac(JSON.stringify({ event, data })));
  });
});

describe('verifyWebhook against the contract', () => {
  it('names the signature header the webhook of openapi.yaml declares', () => {
    const spec = loadSpec().document as { webhooks: Record<string, any> };
    const headers = (spec.webhooks.transactionNotification.post.parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'header');
    expect(headers.map((parameter) => parameter.name)).toEqual([WEBHOOK_SIGNATURE_HEADER]);
  });

  it('verifies the signed example of the transactionNotification webhook in openapi.yaml', async () => {
    const spec = loadSpec().document as { webhooks: Record<string, any> };
    const media = spec.webhooks.transactionNotification.post.requestBody.content['application/json'];
    const example = exampleOf(spec, media, '/webhooks/transactionNotification/post/requestBody') as any;
    // openapi.yaml documents that its example is signed with this secret.
    const notification = await verifyWebhook(JSON.stringify(example), 'whsec_example_secret');
    expect(notification.data.transaction.id).toBe(example.data.transaction.id);
    await expect(verifyWebhook(JSON.stringify(example), SECRET)).rejects.toBeInstanceOf(ConomyWebhookSignatureError);
  });
});
