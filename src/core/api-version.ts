/**
 * The Conomy API version this client is written and tested against, sent as `conomyhq-api-version`.
 *
 * One constant, like stripe-node's `ApiVersion`: changing the pinned version is a single, reviewable
 * edit. Conomy treats an absent header as the first API version ("v1"); pass `apiVersion: null` to
 * the client to send no header, or override it per request through `headers`.
 */
export const API_VERSION = '24-04-2025';
