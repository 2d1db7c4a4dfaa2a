// The one route conomy-mock adds to the mock. Nothing in Conomy's API moves a payment (the payer
// does, at the payment provider), so a test in process calls mock.setPaymentStatus; a test in
// another process or language, which has only the HTTP server, sends
//   POST <url>/_mock/payments/{paymentId}/status   {"status": "CAPTURED"}
// and the mock moves the payment and sends the notification, to --webhook-url when one is given.
// Answers: 200 with the notification (RecordedWebhook: body, headers, event, ...), 204 when the
// status notifies nothing, 404 for a payment the mock does not hold, 409 for a move the lifecycle
// forbids, 400 for a body without a documented status or a path that does not decode. Every other
// request goes to the mock.
import type { ConomyMock, ConomyMockFetch } from '../types.js';
import { isPaymentStatus, PAYMENT_STATUSES, PaymentStatusTransitionError } from '../payment-lifecycle.js';

export const CONTROL_ROUTE = 'POST /_mock/payments/{paymentId}/status';

/** Any base path may come before it, as before the mock's own routes. */
const STATUS_PATH = /\/_mock\/payments\/([^/]+)\/status$/;

export function withControl(mock: ConomyMock): ConomyMockFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const paymentId = STATUS_PATH.exec(new URL(request.url).pathname)?.[1];
    if (paymentId === undefined || request.method !== 'POST') return mock.fetch(request);
    const status = await requestedStatus(request);
    if (status === undefined) return answer(400, { message: 'the body must be JSON with a "status" string, e.g. {"status":"CAPTURED"}' });
    if (!isPaymentStatus(status)) return answer(400, { message: `"${status}" is not a documented payment status (${PAYMENT_STATUSES.join(', ')})` });
    const id = decoded(paymentId);
    if (id === undefined) return answer(400, { message: 'the payment id in the path is not valid percent-encoding' });
    try {
      const sent = await mock.setPaymentStatus(id, status);
      return sent === undefined ? new Response(null, { status: 204 }) : answer(200, sent);
    } catch (error) {
      if (error instanceof PaymentStatusTransitionError) return answer(409, { message: error.message });
      // setPaymentStatus's one other refusal: a payment the mock does not hold.
      if (error instanceof RangeError) return answer(404, { message: `the mock holds no payment "${id}"` });
      throw error;
    }
  };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function requestedStatus(request: Request): Promise<string | undefined> {
  try {
    const body: unknown = await request.json();
    const { status } = (body ?? {}) as { status?: unknown };
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

function answer(status: number, body: unknown): Response {
  return Response.json(body, { status });
}
