import type { DocumentedApiVersion } from '../generated/version.js';

/**
 * The Conomy API version this client is written and tested against, sent as `conomyhq-api-version`.
 *
 * One constant, like stripe-node's `ApiVersion`: changing the pinned version is a single, reviewable
 * edit. Conomy treats an absent header as the first API version ("v1"); pass `apiVersion: null` to
 * the client to send no header, or override it per request through `headers`. Typed as the version
 * openapi.yaml documents (`info.x-api-version`), so the pin and the contract cannot disagree.
 */
export const API_VERSION: DocumentedApiVersion = '24-04-2025';
