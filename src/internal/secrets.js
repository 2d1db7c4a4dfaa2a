// @ts-check
// What is secret and how it is masked, and which headers identify a request, in one place for the
// client (log.ts, error.ts), the drift run (tests/contract/drift/) and its launcher
// (scripts/drift.mjs). Plain JavaScript with JSDoc types so that the launcher, a Node script that
// cannot load TypeScript, uses this very code.
//
// A secret is masked in every form in which it travels in the text this project writes: as is,
// percent-encoded (a URL, a form body) and JSON-escaped (a quoted JSON string). The validator
// shortens long values it quotes with "..."; the start of a secret cut short that way is masked
// too, so half a credential cannot be left behind.

export const MASK = '***';

/** The environment variables a drift run takes its credentials from (masked in all it prints). */
export const CREDENTIAL_VARIABLES = ['CONOMY_API_KEY', 'CONOMY_CLIENT_ID', 'CONOMY_CLIENT_SECRET', 'CONOMY_ACCESS_TOKEN'];

/** Request headers whose value is a credential, whatever it is (lower-case names). */
export const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie']);

/**
 * Response headers that commonly carry a request id, in order of preference. Conomy documents none;
 * its gateway may add any of them. Quoted in errors (`traceId`) and drift reports (`requestId`).
 */
export const REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-amz-apigw-id', 'x-trace-id', 'x-correlation-id'];

/** A start shorter than this before "..." is too common to be a sign of a secret. */
const SHORTEST_MASKED_START = 4;

/**
 * @param {ReadonlyArray<string | undefined>} secrets the values to mask; empty ones are ignored
 * @returns {(text: string) => string}
 */
export function createMasker(secrets) {
  const forms = secrets
    .filter(/** @returns {secret is string} */ (secret) => typeof secret === 'string' && secret !== '')
    .flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  // Longest first, so that a secret which contains another one is masked whole.
  const ordered = [...new Set(forms)].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  const starts = ordered.flatMap((form) =>
    Array.from({ length: Math.max(0, form.length - SHORTEST_MASKED_START) }, (_, index) =>
      escapeRegExp(form.slice(0, form.length - 1 - index)),
    ),
  );
  const cutShort = starts.length === 0 ? undefined : new RegExp(`(?:${starts.join('|')})(?=\\.\\.\\.)`, 'g');
  return (text) => {
    const masked = ordered.reduce((result, form) => result.split(form).join(MASK), text);
    return cutShort ? masked.replace(cutShort, MASK) : masked;
  };
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
