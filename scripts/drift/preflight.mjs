// Before the contract cases run against a real server: is it reachable, and does it accept our
// credentials? One request. With client credentials it is POST /auth, whose token the run then
// uses; with an access token it is a read of the identity's available products, which creates
// and changes nothing. A failure is one line (a PreflightError) that never shows a credential.
import { DRIFT_USER_AGENT } from './config.mjs';

export class PreflightError extends Error {
  name = 'PreflightError';
}

/**
 * @param {import('./config.d.mts').SandboxConfig} config
 * @param {{ fetch?: typeof fetch, timeoutMs?: number }} [options]
 * @returns {Promise<{ accessToken: string, requests: number, check: string }>}
 */
export async function preflight(config, { fetch = globalThis.fetch, timeoutMs = 15_000 } = {}) {
  const headers = { 'x-api-key': config.apiKey, 'user-agent': DRIFT_USER_AGENT, 'conomyhq-api-version': '24-04-2025' };
  if (config.accessToken) {
    const query = new URLSearchParams({ identityId: config.identityId, currencies: config.currency });
    const call = 'GET /payments/available-products';
    const response = await send(fetch, `${config.baseUrl}/payments/available-products?${query}`, call, timeoutMs, {
      method: 'GET',
      headers: { ...headers, authorization: `Bearer ${config.accessToken}` },
    });
    await response.arrayBuffer();
    if (response.status === 401 || response.status === 403) {
      throw new PreflightError(
        `authentication refused: ${call} answered ${response.status}; check CONOMY_API_KEY and CONOMY_ACCESS_TOKEN`,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      const why = response.status >= 500 ? 'the server is failing' : 'check CONOMY_IDENTITY_ID and CONOMY_CURRENCY';
      throw new PreflightError(`preflight failed: ${call} answered ${response.status}, not a success; ${why}`);
    }
    return { accessToken: config.accessToken, requests: 1, check: `${call} ${response.status}` };
  }

  const call = 'POST /auth';
  const response = await send(fetch, `${config.baseUrl}/auth`, call, timeoutMs, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: config.clientId, clientSecret: config.clientSecret }),
  });
  const text = await response.text();
  if (response.status === 401 || response.status === 403) {
    throw new PreflightError(
      `authentication refused: ${call} answered ${response.status}; ` +
        'check CONOMY_API_KEY, CONOMY_CLIENT_ID and CONOMY_CLIENT_SECRET',
    );
  }
  if (response.status !== 200) {
    throw new PreflightError(`no access token: ${call} answered ${response.status}, so nothing can be checked`);
  }
  let accessToken;
  try {
    accessToken = JSON.parse(text)?.accessToken;
  } catch {
    // handled below
  }
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new PreflightError(`no access token: ${call} answered 200 without an accessToken, so nothing can be checked`);
  }
  return { accessToken, requests: 1, check: `${call} ${response.status}` };
}

async function send(fetch, url, call, timeoutMs, init) {
  let response;
  try {
    // Never follow a redirect: the API key would travel to whatever host it names.
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new PreflightError(`target unreachable: ${call} to ${new URL(url).host} failed: ${describe(error, timeoutMs)}`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.arrayBuffer();
    throw new PreflightError(`target unreachable: ${call} answered a redirect (${response.status}), which is not followed`);
  }
  return response;
}

function describe(error, timeoutMs) {
  if (error?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error?.cause;
  return [cause?.code, cause?.message ?? error?.message].filter(Boolean).join(' ') || String(error);
}
