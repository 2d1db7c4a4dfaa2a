// @ts-check
// What is secret and how it is masked, and which headers identify a request, in one place for the
// client (log.ts, error.ts), the contract validator, the drift run (src/drift/, through the client's
// Redactor) and the docs build (lib/docs/code-samples.mjs). Plain JavaScript with JSDoc types so
// that the docs build, a Node script that cannot load TypeScript, uses this very code.
//
// Secrets are the four credentials, the client id included: it is half of what POST /auth takes,
// so it is masked like the rest. A secret is masked in every form in which it can come back in a
// text: as is, percent-encoded, JSON-escaped, with any mix of its characters written so (a server
// that escapes `/` as `\/` or `&` as `\u0026`), base64-encoded alone or as `id:secret` (an echoed
// Basic authorization; padded or not, standard or URL-safe alphabet), and its start when a quote
// cut it short with "...". A credential shorter
// than MIN_SECRET_LENGTH is refused where it is configured: masking it would garble ordinary text.

export const MASK = '***';

/** Credentials shorter than this are refused: every real one is longer, and masking "ab" would mask every "ab". */
export const MIN_SECRET_LENGTH = 8;

/**
 * The environment variable that holds each credential, by the createConomyClient option that takes
 * it: where a drift run reads them, and what the docs' code samples write in their place.
 */
export const CREDENTIAL_VARIABLE_BY_OPTION = /* @__PURE__ */ Object.freeze({
  apiKey: 'CONOMY_API_KEY',
  clientId: 'CONOMY_CLIENT_ID',
  clientSecret: 'CONOMY_CLIENT_SECRET',
  accessToken: 'CONOMY_ACCESS_TOKEN',
});

/** The environment variables a drift run takes the credentials from. */
export const CREDENTIAL_VARIABLES = /* @__PURE__ */ Object.values(CREDENTIAL_VARIABLE_BY_OPTION);

/** Request headers whose value is a credential, whatever it is (lower-case names). */
export const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie']);

/** JSON property names whose value is never quoted, whatever it is (a finding shows its type only). */
export const SECRET_FIELD = /secret|password|signature|api[-_]?key|authorization|access[-_]?token|client[-_]?id|^token$/i;

/**
 * Response headers that commonly carry a request id, in order of preference. Conomy documents none;
 * its gateway may add any of them. Quoted in errors (`traceId`) and drift reports (`requestId`).
 */
export const REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-amz-apigw-id', 'x-trace-id', 'x-correlation-id'];

/**
 * A start shorter than this before "..." is too common to be a sign of a secret ("test...", "live..."):
 * masking it would garble ordinary text, and it leaves at most five characters of a secret.
 */
const SHORTEST_MASKED_START = 6;

/**
 * Why a credential cannot be used, or undefined when it can.
 * @param {string} value
 */
export function credentialLengthProblem(value) {
  return value.length < MIN_SECRET_LENGTH ? `is shorter than ${MIN_SECRET_LENGTH} characters, too short to be masked safely` : undefined;
}

/**
 * A function that masks every secret in a text, in every form above.
 * @param {ReadonlyArray<string | undefined>} secrets the values to mask; empty and too short ones are ignored
 * @returns {(text: string) => string}
 */
export function createMasker(secrets) {
  const usable = [...new Set(secrets.filter(/** @returns {value is string} */ (value) => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH))];
  if (usable.length === 0) return (text) => text;
  // Each alone, and each pair as `a:b` (which of them is the client id does not matter; a:a is
  // among them, harmlessly); with and without padding, and in the URL-safe alphabet (a JWT
  // segment, a base64url query value).
  const plain = [...usable, ...usable.flatMap((a) => usable.map((b) => `${a}:${b}`))];
  const encoded = plain.map(base64).flatMap((text) => [text, text.replace(/=+$/, ''), text.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')]);
  // Longest first, so that a secret which contains another one is masked whole.
  const whole = [...usable].sort((a, b) => b.length - a.length).map((secret) => [...secret].map(anyForm).join(''));
  const literal = [...new Set(encoded)].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const everyForm = new RegExp([...literal, ...whole].join('|'), 'g');
  const cutShort = new RegExp(`(?:${usable.map(startOf).join('|')})(?=\\.\\.\\.)`, 'g');
  return (text) => text.replace(everyForm, MASK).replace(cutShort, MASK);
}

/**
 * One character of a secret as it may be written: itself, percent-encoded (its UTF-8 bytes, either
 * case of hex digit; a space also as `+`), or JSON-escaped (`\uXXXX` per UTF-16 unit, so a pair of
 * them for a character beyond U+FFFF, and `\/`, `\"`, `\\`).
 * @param {string} character
 */
function anyForm(character) {
  const forms = [escapeRegExp(character)];
  const bytes = [...new TextEncoder().encode(character)];
  forms.push(bytes.map((byte) => `%${hexDigits(byte, 2)}`).join(''));
  if (character === ' ') forms.push('\\+');
  const units = Array.from({ length: character.length }, (_, index) => character.charCodeAt(index));
  forms.push(units.map((unit) => `\\\\u${hexDigits(unit, 4)}`).join(''));
  if (character === '/' || character === '"' || character === '\\') forms.push(`\\\\${escapeRegExp(character)}`);
  return `(?:${forms.join('|')})`;
}

/**
 * The first SHORTEST_MASKED_START characters of a secret, then as many more as follow, as is: the
 * validator quotes values raw and cuts them with "...".
 * @param {string} secret
 */
function startOf(secret) {
  const characters = [...secret].map(escapeRegExp);
  // Each further character optional, and only after the one before it: (?:c7(?:c8(?:c9)?)?)?
  const rest = characters.slice(SHORTEST_MASKED_START);
  return characters.slice(0, SHORTEST_MASKED_START).join('') + rest.map((character) => `(?:${character}`).join('') + ')?'.repeat(rest.length);
}

/**
 * `n` as hexadecimal digits, each letter in either case: 0x2f -> `2[fF]`.
 * @param {number} value
 * @param {number} width
 */
function hexDigits(value, width) {
  return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

/** @param {string} text */
function base64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
