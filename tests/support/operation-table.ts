// The operations openapi.yaml declares, operationId -> "METHOD /path" (webhooks not included).
// tests/spec checks the spec holds exactly these; the docs site test checks its navigation offers them.
export const OPERATION_TABLE: Readonly<Record<string, string>> = {
  createAccessToken: 'POST /auth',
  listPaymentLinks: 'GET /payment-links',
  createPaymentLink: 'POST /payment-links',
  getPaymentLink: 'GET /payment-links/{paymentLinkId}',
  deletePaymentLink: 'DELETE /payment-links/{paymentLinkId}',
  activatePaymentLink: 'POST /payment-links/{paymentLinkId}/activate',
  createCheckoutSessionFromPaymentLink: 'POST /payment-links/token/{checkoutToken}/checkout-sessions',
  listCheckoutSessions: 'GET /checkout-sessions',
  createCheckoutSession: 'POST /checkout-sessions',
  getCheckoutSession: 'GET /checkout-sessions/{checkoutSessionId}',
  deleteCheckoutSession: 'DELETE /checkout-sessions/{checkoutSessionId}',
  createCheckoutSessionPayment: 'POST /checkout-sessions/{checkoutSessionId}/payments',
  refreshCheckoutSession: 'POST /checkout-sessions/token/{checkoutToken}/refresh',
  listPayments: 'GET /payments',
  getPayment: 'GET /payments/{paymentId}',
  listAvailableProducts: 'GET /payments/available-products',
};
