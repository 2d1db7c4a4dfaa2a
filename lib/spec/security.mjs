// @ts-check
// Which credentials an operation asks for, and the header each travels in: read once here for the
// mock's checks (src/testing/credentials.ts), the refusal cases (src/contract/cases/refusals.ts) and
// the docs' code samples (lib/docs/code-samples.mjs). Runs anywhere: no file access.
import { isJsonObject } from './json-pointer.mjs';

/**
 * @typedef {{ kind: 'apiKey', header: string } | { kind: 'bearer', header: 'authorization' }} CredentialHeader
 * A header credential: an API key in a named header, or a bearer token in Authorization.
 */

/**
 * The scheme names of the operation's first security requirement, its own `security` winning over
 * the document's. None for `security: []` or an empty requirement `{}`: OpenAPI's "no credentials".
 * @param {Record<string, unknown>} document
 * @param {Record<string, unknown>} operation the operation object
 * @returns {string[]}
 */
export function requiredSchemes(document, operation) {
  const security = Array.isArray(operation.security) ? operation.security : document.security;
  const requirement = Array.isArray(security) ? security[0] : undefined;
  return isJsonObject(requirement) ? Object.keys(requirement) : [];
}

/**
 * The header the named security scheme travels in, or undefined for a scheme that is not a header
 * credential (or not declared).
 * @param {Record<string, unknown>} document
 * @param {string} name
 * @returns {CredentialHeader | undefined}
 */
export function credentialHeader(document, name) {
  const components = isJsonObject(document.components) ? document.components : {};
  const schemes = isJsonObject(components.securitySchemes) ? components.securitySchemes : {};
  const scheme = schemes[name];
  if (!isJsonObject(scheme)) return undefined;
  if (scheme.type === 'apiKey' && scheme.in === 'header') return { kind: 'apiKey', header: String(scheme.name).toLowerCase() };
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') return { kind: 'bearer', header: 'authorization' };
  return undefined;
}

/**
 * Every security scheme the document declares, by name.
 * @param {Record<string, unknown>} document
 * @returns {string[]}
 */
export function declaredSchemes(document) {
  const components = isJsonObject(document.components) ? document.components : {};
  return isJsonObject(components.securitySchemes) ? Object.keys(components.securitySchemes) : [];
}
