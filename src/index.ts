// Public entry point. Everything exported here is the package's API; src/internal/ is not.
export { createConomyClient } from './core/client.js';
export type { ConomyClient, ConomyClientExtras } from './core/client.js';
export { DEFAULT_USER_AGENT, ENVIRONMENTS } from './core/options.js';
export type {
  ConomyClientConfig,
  ConomyClientOptions,
  ConomyCredentials,
  Environment,
  Logger,
  LogLevel,
} from './core/options.js';
export { API_VERSION } from './core/api-version.js';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConomyApiError,
  ConomyConnectionError,
  ConomyError,
  ConomyInvalidResponseError,
  ConomyResponseTooLargeError,
  ConomyTimeoutError,
  ConomyWebhookSignatureError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './core/error.js';
export type { RequestDescription } from './core/error.js';
export { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from './core/webhook.js';
export type { VerifyWebhookOptions, WebhookNotification } from './core/webhook.js';
export type {
  ClientPaths,
  ListItem,
  PaginatedPath,
  PaginateInit,
  SuccessResult,
  LenientClient,
  ThrowingClient,
} from './core/types.js';
export { VERSION } from './generated/version.js';
// Every schema of the spec under its own name (CheckoutSession, PaymentLink, Payment, ...), plus
// `paths`, `components`, `operations` and `webhooks`: generated from openapi.yaml, never hand-written.
export type * from './generated/openapi.js';
