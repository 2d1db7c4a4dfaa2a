import type { TransactionNotification } from '../generated/openapi.js';
import { ConomyError, ConomyWebhookSignatureError } from './error.js';

// Webhook verification with Web Crypto only, so it runs unchanged on Node, Deno, Bun, browsers and
// edge runtimes. Conomy documents two placements of the signature (D15), both HMAC-SHA256 keyed with
// the webhook secret, as 64 lowercase hex characters:
// - body field `signature`, computed over JSON.stringify({ event, data }): only those two fields
//   (and the signature) are returned, whatever else the body carries;
// - header X-Webhook-Signature, computed over the raw request body: the whole body is returned.
// The header wins when present; otherwise the body field is required. The payload carries no signed
// timestamp, so there is nothing to check a replay window against: make handling idempotent on
// (event, data.transaction.id, data.transaction.status) as the spec says.

export const WEBHOOK_SIGNATURE_HEADER = 'X-Webhook-Signature';

/** A verified notification. `signature` is absent when the sender signed in the header instead. */
export type WebhookNotification = Omit<TransactionNotification, 'signature'> &
  Partial<Pick<TransactionNotification, 'signature'>>;

export interface VerifyWebhookOptions {
  /**
   * The X-Webhook-Signature request header, as read from the request (`null`/`undefined` when the
   * sender did not set it, which selects the body-field placement).
   */
  signatureHeader?: string | null | undefined;
}

/**
 * Checks a webhook's signature and returns its parsed body. Pass the body exactly as received
 * (before any JSON parsing), because the header placement signs the raw bytes.
 * Throws ConomyWebhookSignatureError when the signature is missing, malformed or wrong.
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<WebhookNotification> {
  if (typeof secret !== 'string' || secret === '') {
    throw new ConomyError('verifyWebhook: the webhook secret must be a non-empty string');
  }
  const bytes =
    typeof rawBody === 'string'
      ? new TextEncoder().encode(rawBody)
      : rawBody instanceof ArrayBuffer
        ? new Uint8Array(rawBody)
        : Uint8Array.from(rawBody);
  const keyBytes = new TextEncoder().encode(secret);
  // Stryker disable next-line BooleanLiteral: the key is never exported, so whether it could be changes nothing
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const { signatureHeader } = options;

  if (signatureHeader !== undefined && signatureHeader !== null) {
    await assertSignature(key, bytes, signatureHeader, `the ${WEBHOOK_SIGNATURE_HEADER} header`);
    return toNotification(parseJson(bytes, ConomyError));
  }

  const body = parseJson(bytes, ConomyWebhookSignatureError);
  // A JSON null has no fields; any other value is read as is (a number or a string has no signature field).
  const fields = (body ?? {}) as Record<string, unknown>;
  const signature = fields['signature'];
  if (typeof signature !== 'string') {
    throw new ConomyWebhookSignatureError(
      `Webhook carries no signature: neither a ${WEBHOOK_SIGNATURE_HEADER} header nor a "signature" body field`,
    );
  }
  const { event, data } = fields;
  const signedText = JSON.stringify({ event, data });
  await assertSignature(key, new TextEncoder().encode(signedText), signature, 'the "signature" body field');
  // Only `event` and `data` are signed in this placement: nothing else of the body is returned as verified.
  return toNotification({ event, data, signature });
}

async function assertSignature(
  key: CryptoKey,
  signed: Uint8Array<ArrayBuffer>,
  signatureHex: string,
  where: string,
): Promise<void> {
  const provided = hexToBytes(signatureHex.trim());
  if (!provided) {
    throw new ConomyWebhookSignatureError(`Webhook signature in ${where} is not 64 hexadecimal characters`);
  }
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed));
  if (!constantTimeEqual(expected, provided)) {
    throw new ConomyWebhookSignatureError(`Webhook signature in ${where} does not match the secret`);
  }
}

/** Compares every byte whatever the first difference, so timing reveals nothing about the expected value. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Arrays of different lengths differ (both are 32 bytes here: an HMAC-SHA256, and hexToBytes).
  let difference = a.length ^ b.length;
  a.forEach((byte, i) => {
    difference |= byte ^ (b[i] ?? 0);
  });
  return difference === 0;
}

function hexToBytes(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return Uint8Array.from({ length: 32 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function parseJson(bytes: Uint8Array<ArrayBuffer>, ErrorClass: typeof ConomyError): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ErrorClass('Webhook body is not valid JSON');
  }
}

/** A minimal shape check, so callers can rely on `event` and `data.transaction` being present. */
function toNotification(body: unknown): WebhookNotification {
  const record = body as { event?: unknown; data?: { transaction?: unknown } } | null;
  if (
    record === null ||
    typeof record.event !== 'string' ||
    typeof record.data !== 'object' ||
    record.data === null ||
    typeof record.data.transaction !== 'object' ||
    record.data.transaction === null
  ) {
    throw new ConomyError('Webhook body is not a transaction notification (needs event and data.transaction)');
  }
  return body as WebhookNotification;
}
