// Before the contract cases run against a real server: is it reachable, and does it take our
// credentials? One request (plus the repeats of a 429). With client credentials it is POST /auth,
// whose token the run then uses; with an access token it is a read of the identity's available
// products, which creates and changes nothing. Its answer is judged like any other (it is the
// run's check of that operation's 2xx). A failure is one line (a PreflightError) that says what was
// wrong, names the variable to look at, and never shows a credential.
import { API_VERSION } from '../index.js';
import type { Redactor } from '../internal/log.js';
import { exchangeOf } from '../contract/run/runner.js';
import { notSentReason, type Exchange } from '../contract/run/case.js';
import { loadSpec } from '../contract/spec/contract-spec.js';
import { responseValidatorFor } from '../contract/judge/validator.js';
import { DRIFT_USER_AGENT, type DriftConfig } from './config.js';
import { DriftStopped } from './errors.js';
import type { DriftTransport } from './transport.js';
import { caseRecord, type CaseRecord } from './records.js';

/** The preflight failed: the run stops, and its report says why (`reasonCode` is the code). */
export class PreflightError extends DriftStopped<'target-unreachable' | 'auth-refused' | 'preflight-failed'> {
  override name = 'PreflightError';
}

export interface PreflightResult {
  accessToken: string;
  /** e.g. `POST /auth 200`. */
  check: string;
  record: CaseRecord;
}

interface PreflightOptions {
  transport: DriftTransport;
  /** The run's masker, which learns the token the preflight obtains. */
  redactor: Redactor;
  timeoutMs?: number;
}

export async function preflight(config: DriftConfig, options: PreflightOptions): Promise<PreflightResult> {
  const headers = { 'x-api-key': config.apiKey, 'user-agent': DRIFT_USER_AGENT, 'conomyhq-api-version': API_VERSION };
  const { credentials } = config;
  if ('accessToken' in credentials) {
    const query = new URLSearchParams({ identityId: config.identityId, currencies: config.currency });
    const request = new Request(`${config.baseUrl}/payments/available-products?${query}`, {
      headers: { ...headers, authorization: `Bearer ${credentials.accessToken}` },
    });
    const answer = await send(request, 'listAvailableProducts', config, options);
    const { call, status } = answer;
    if (status === 401 || status === 403) {
      throw new PreflightError('auth-refused', `authentication refused: ${call} answered ${status}; check CONOMY_API_KEY and CONOMY_ACCESS_TOKEN`);
    }
    if (status < 200 || status >= 300) {
      const why = status >= 500 ? 'the server is failing' : 'check CONOMY_IDENTITY_ID and CONOMY_CURRENCY';
      throw new PreflightError('preflight-failed', `preflight failed: ${call} answered ${status}, not a success; ${why}`);
    }
    return { accessToken: credentials.accessToken, check: `${call} ${status}`, record: answer.record() };
  }

  const request = new Request(`${config.baseUrl}/auth`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const answer = await send(request, 'createAccessToken', config, options);
  const { call, status, bodyText } = answer;
  if (status === 401 || status === 403) {
    throw new PreflightError(
      'auth-refused',
      `authentication refused: ${call} answered ${status}; check CONOMY_API_KEY, CONOMY_CLIENT_ID and CONOMY_CLIENT_SECRET`,
    );
  }
  const accessToken = status === 200 ? tokenIn(bodyText) : undefined;
  if (accessToken === undefined) {
    const what = status === 200 ? '200 without an accessToken' : String(status);
    throw new PreflightError('preflight-failed', `no access token: ${call} answered ${what}, so nothing can be checked`);
  }
  options.redactor.addToken(accessToken);
  return { accessToken, check: `${call} ${status}`, record: answer.record() };
}

/** Sends the preflight request (never following a redirect) and judges its answer. */
async function send(request: Request, operationId: string, config: DriftConfig, options: PreflightOptions) {
  const { transport, redactor, timeoutMs = 15_000 } = options;
  const url = new URL(request.url);
  const call = `${request.method} ${url.pathname.slice(new URL(config.baseUrl).pathname.replace(/\/$/, '').length)}`;
  const requestBody = request.body === null ? '' : await request.clone().text();
  const before = transport.requests();
  const startedAt = new Date();
  let response: Response;
  try {
    response = await transport.send(request, { attemptTimeoutMs: timeoutMs });
  } catch (error) {
    const unsent = notSentReason(error);
    if (unsent) throw new PreflightError('preflight-failed', `preflight stopped: ${unsent}`);
    throw new PreflightError('target-unreachable', `target unreachable: ${call} to ${url.host} failed: ${connectionFailure(error, url, timeoutMs)}`);
  }
  const bodyText = await response.text();
  if (response.status >= 300 && response.status < 400) {
    throw new PreflightError('target-unreachable', `target unreachable: ${call} answered a redirect (${response.status}), which is not followed`);
  }
  const exchange: Exchange = {
    ...exchangeOf({ request, requestBody, response, bodyText, startedAt, path: call.split(' ')[1] ?? '', operationId }),
    judged: true,
    findings: responseValidatorFor(loadSpec()).validateResponse(
      { operationId, status: response.status, headers: response.headers, bodyText },
      { strict: true },
    ),
  };
  const outcome = { exchanges: [exchange], findings: exchange.findings, problems: [], notes: [] };
  const after = transport.requests();
  const requests = { sent: after.sent - before.sent, rateLimited: after.rateLimited - before.rateLimited };
  // Made once the token is known, so that the record masks it too.
  const record = (): CaseRecord =>
    caseRecord(`preflight: ${call}`, { operationId, status: response.status }, outcome, { requests, baseUrl: config.baseUrl, redactor });
  return { call, status: response.status, bodyText, record };
}

function tokenIn(bodyText: string): string | undefined {
  try {
    const token: unknown = (JSON.parse(bodyText) as { accessToken?: unknown } | null)?.accessToken;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a failed connection says about CONOMY_BASE_URL, in words: fetch reports most of these as
 * "fetch failed" with a terse cause such as "bad port" or ECONNREFUSED.
 */
export function connectionFailure(error: unknown, url: URL, timeoutMs: number): string {
  const failure = error instanceof Error ? error : new Error(String(error));
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = failure.cause instanceof Error ? (failure.cause as Error & { code?: unknown }) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = [code, cause?.message ?? failure.message].filter(Boolean).join(' ');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (/bad port/i.test(detail)) {
    return `port ${port} is one that fetch refuses to connect to (a blocked port of the Fetch standard); give CONOMY_BASE_URL another port`;
  }
  if (code === 'ECONNREFUSED') return `nothing accepts connections on ${url.host} (ECONNREFUSED); check the host and port of CONOMY_BASE_URL`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host ${url.hostname} cannot be resolved (${code}); check CONOMY_BASE_URL`;
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return `the TLS certificate of ${url.host} is not trusted (${code})`;
  if (code === 'EPROTO' || /wrong version number/i.test(detail)) {
    return `${url.host} does not speak TLS (${code ?? 'EPROTO'}); is CONOMY_BASE_URL https to a plain http server?`;
  }
  return detail || String(error);
}
