// Configuration of a drift run against a real Conomy server, read from the environment.
// Shared by the runner (scripts/drift.mjs) and the contract suite's sandbox target
// (tests/contract/support/target.ts), so both refuse the same things with the same lines.
// Every problem is one line that names the variable; no line ever shows a secret value.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const DEFAULT_SANDBOX_URL = 'https://api.conomyhq.com/sandbox';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/** `<package name>@<version>`, as the reports name the tool. */
export const TOOL = `${packageJson.name}@${packageJson.version}`;

/** The User-Agent of every request a drift run sends, so Conomy can tell them apart. */
export const DRIFT_USER_AGENT = `conomy-contract-drift/${packageJson.version}`;

/** Conomy's production API shares its host with the sandbox; only paths under /sandbox are allowed there. */
const CONOMY_HOST = 'api.conomyhq.com';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CURRENCY = /^[A-Z]{3,4}$/;

/** A drift run sends at most this many requests in all (preflight and cleanup included)... */
export const REQUEST_BUDGET = 100;
/** ...and at most this many at the same time. */
export const MAX_IN_FLIGHT = 2;

/** The credentials a run may send; the runner masks every one of these values in all it prints and writes. */
const SECRET_VARIABLES = ['CONOMY_API_KEY', 'CONOMY_CLIENT_ID', 'CONOMY_CLIENT_SECRET', 'CONOMY_ACCESS_TOKEN'];

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, config: import('./config.d.mts').SandboxConfig } | { ok: false, problems: string[] }}
 */
export function readSandboxConfig(env) {
  const problems = [];
  const value = (name) => env[name]?.trim() || undefined;
  const missing = (name, what) => problems.push(`${name} is not set: ${what}`);

  const baseUrl = checkBaseUrl(value('CONOMY_BASE_URL') ?? DEFAULT_SANDBOX_URL, problems);
  const apiKey = value('CONOMY_API_KEY');
  if (!apiKey) missing('CONOMY_API_KEY', 'the API key (x-api-key) of your Conomy sandbox application');
  const accessToken = value('CONOMY_ACCESS_TOKEN');
  const clientId = value('CONOMY_CLIENT_ID');
  const clientSecret = value('CONOMY_CLIENT_SECRET');
  if (!accessToken) {
    const instead = 'or set CONOMY_ACCESS_TOKEN instead';
    if (!clientId) missing('CONOMY_CLIENT_ID', `the client id of your sandbox application (${instead})`);
    if (!clientSecret) missing('CONOMY_CLIENT_SECRET', `the client secret of your sandbox application (${instead})`);
  }
  const identityId = value('CONOMY_IDENTITY_ID');
  if (!identityId) missing('CONOMY_IDENTITY_ID', 'the merchant identity that owns the payment links the run creates');
  const accountNumber = value('CONOMY_ACCOUNT_NUMBER');
  if (!accountNumber) missing('CONOMY_ACCOUNT_NUMBER', 'the merchant account that receives the payments of those links');
  const currency = value('CONOMY_CURRENCY') ?? 'CLP';
  if (!CURRENCY.test(currency)) problems.push('CONOMY_CURRENCY must be 3 or 4 capital letters, such as CLP');
  const maxRequests = requestBudget(value('DRIFT_MAX_REQUESTS'), problems);

  if (problems.length > 0) return { ok: false, problems };
  const credentials = accessToken ? { accessToken } : { clientId, clientSecret };
  return { ok: true, config: { baseUrl, apiKey, ...credentials, identityId, accountNumber, currency, maxRequests } };
}

/** The config or an Error whose message lists every problem, one per line. */
export function sandboxConfigOrThrow(env) {
  const result = readSandboxConfig(env);
  if (result.ok) return result.config;
  throw new Error(`The sandbox target is not configured:\n${result.problems.map((line) => `  ${line}`).join('\n')}`);
}

/** The random part of a run's checkoutToken prefix (`drift-<time>-<random>`). */
export function randomSuffix() {
  return randomBytes(3).toString('hex');
}

/** Every credential value present in the environment (trimmed), for masking. */
export function secretValues(env) {
  return SECRET_VARIABLES.map((name) => env[name]?.trim()).filter((secret) => Boolean(secret));
}

/**
 * DRIFT_MAX_REQUESTS may lower the request budget, never raise it: a larger number is capped at
 * REQUEST_BUDGET. The one parser of it, for `npm run drift` and a direct sandbox run alike.
 */
function requestBudget(text, problems) {
  if (text === undefined) return REQUEST_BUDGET;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    problems.push(`DRIFT_MAX_REQUESTS must be a positive integer (at most ${REQUEST_BUDGET} are sent); got "${text}"`);
    return REQUEST_BUDGET;
  }
  return Math.min(Number(text), REQUEST_BUDGET);
}

function checkBaseUrl(text, problems) {
  let url;
  try {
    url = new URL(text);
  } catch {
    problems.push('CONOMY_BASE_URL is not a valid URL (default https://api.conomyhq.com/sandbox)');
    return text;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push('CONOMY_BASE_URL must not contain credentials, a query or a fragment');
  } else if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    // Credentials travel in headers; plain http is only for a local test server.
    problems.push(`CONOMY_BASE_URL must use https (plain http only on 127.0.0.1, ::1 or localhost); got host ${url.host}`);
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`CONOMY_BASE_URL must be an https URL; got ${url.protocol}`);
  } else if (url.hostname.replace(/\.$/, '') === CONOMY_HOST && url.pathname.split('/')[1] !== 'sandbox') {
    problems.push(
      `CONOMY_BASE_URL points at Conomy production (${url.origin}${url.pathname}); ` +
        `the drift check only runs against the sandbox, ${DEFAULT_SANDBOX_URL}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}
