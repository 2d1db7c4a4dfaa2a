// The public types of the testing entry (@conomy/checkout-contract/testing). The objects the mock
// holds are the contract's own schemas, generated from openapi.yaml, never a copy of them.
import type { components } from '../generated/openapi.js';
import type { OperationId } from '../generated/operations.js';
import type { PaymentStatus } from './payment-lifecycle.js';
import type { RecordedWebhook } from './webhooks.js';

type Schemas = components['schemas'];

/** The name of an operation of openapi.yaml, e.g. `getPayment`. */
export type ConomyOperationId = OperationId;

/** The only credentials a pinned mock accepts. */
export interface ConomyMockCredentials {
  /** The `x-api-key` every call must carry. */
  apiKey: string;
  /** What `POST /auth` must be sent. */
  clientId: string;
  clientSecret: string;
  /**
   * The token `POST /auth` issues. It is valid from the start and never expires, so a client
   * configured with this `accessToken` (no client credentials) works at once. Default: a new
   * token per call, valid for its `expiresIn`.
   */
  accessToken?: string;
}

export interface ConomyMockOptions {
  /** Default: any non-empty API key and client credentials are accepted. */
  credentials?: ConomyMockCredentials;
  /** At most `requests` requests in any `perMs` milliseconds; the others are refused with 429 and `Retry-After`. */
  rateLimit?: { requests: number; perMs: number };
  /** Wait this long before every answer, or a random time between the two. */
  latencyMs?: number | readonly [min: number, max: number];
  /**
   * Where the mock POSTs each notification it sends (your webhook handler). Without it the
   * notifications are only recorded in `mock.webhooks`.
   */
  webhookUrl?: string;
  /** The secret the notifications are signed with. Default `whsec_example_secret`, the spec's example secret. */
  webhookSecret?: string;
  /**
   * How long to wait before each repeat of a delivery the handler did not answer with a 2xx (the
   * spec: at least once more, with backoff). Default [50, 200, 1000]: three repeats, fast enough for tests.
   */
  webhookRetryDelaysMs?: readonly number[];
  /** How long each delivery attempt may take. Default 10 000, the spec's limit. */
  webhookTimeoutMs?: number;
}

/**
 * What the mock holds, in creation order. Arrays, not maps: a test asserts on what exists
 * (`toHaveLength`, `toMatchObject`, `find`) far more often than it looks an id up, and arrays
 * print and compare as plainly as JSON. Each read of `mock.state` is a frozen copy: changing it
 * throws, and the mock's own state changes only through its API.
 */
export interface ConomyMockState {
  readonly paymentLinks: readonly Schemas['PaymentLink'][];
  readonly checkoutSessions: readonly Schemas['CheckoutSession'][];
  readonly payments: readonly Schemas['Payment'][];
  /** The access tokens that are valid now. */
  readonly tokens: readonly Schemas['AccessToken'][];
}

export interface FailNextOptions {
  /** Sent as `Retry-After`: seconds, or an HTTP date. */
  retryAfter?: number | string;
}

/** A mock served over HTTP on 127.0.0.1. */
export interface ListeningConomyMock {
  /** e.g. `http://127.0.0.1:43117`; any base path under it works too (`/sandbox`). */
  url: string;
  close(): Promise<void>;
}

/** A fetch that never leaves the process: the mock answers. */
export type ConomyMockFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface ConomyMock {
  /**
   * Answers a request as Conomy would, whatever the URL's origin and base path
   * (`createConomyClient({ fetch: mock.fetch, baseUrl })`, or an MSW handler's request).
   */
  fetch: ConomyMockFetch;
  /** Serves the same mock over HTTP (default: a free port). */
  listen(port?: number): Promise<ListeningConomyMock>;
  /** A frozen copy of what the mock holds now. */
  readonly state: ConomyMockState;
  /**
   * The next call of the operation answers `status` (400 to 599) in the documented error shape,
   * whatever it asks; several calls queue up. The call does nothing else.
   */
  failNext(operationId: ConomyOperationId, status: number, options?: FailNextOptions): void;
  /** Forgets every link, session, payment, token, notification and pending failure; ids are never reused. */
  reset(): void;
  /**
   * Every notification the mock sent, oldest first (a copy): the body exactly as sent, its
   * headers (X-Webhook-Signature), its event and payment, and each delivery attempt to `webhookUrl`.
   */
  readonly webhooks: readonly RecordedWebhook[];
  /**
   * Moves a payment to `status` as Conomy would (its session follows: FINISHED once the money is
   * captured, FAILED when the payment fails or expires) and sends the notification the contract
   * documents for it: Transaction.Captured, .Received or .Failed for CAPTURED, RECEIVED and FAILED;
   * other statuses notify nothing (resolves to undefined). A move the lifecycle does not allow
   * (out of a final status, backwards) throws PaymentStatusTransitionError, naming both statuses.
   * Resolves once the notification is recorded, before it is delivered: see `webhooksSettled`.
   */
  setPaymentStatus(paymentId: string, status: PaymentStatus): Promise<RecordedWebhook | undefined>;
  /** Resolves when every delivery to `webhookUrl`, repeats included, has succeeded or given up. */
  webhooksSettled(): Promise<void>;
  /**
   * Stops the deliveries in progress and the repeats still waiting (end of a test): their outcome is
   * `failed`, or `unsent` before a first attempt. The mock goes on as before: it answers requests,
   * and delivers the notifications that come after.
   */
  close(): void;
}
