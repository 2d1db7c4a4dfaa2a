// Shared test doubles: a scripted fetch (injected through the `fetch` option, never by patching
// globals) and a capturing logger. Secrets are long and distinctive so that a leak is unmistakable.
import { createConomyClient, type ConomyClientOptions, type Logger } from '../../src/index.js';

export const SECRETS = {
  apiKey: 'apikey-LEAKCHECK-7f3a9c21',
  clientId: 'client-id-public-42',
  clientSecret: 'clientsecret-LEAKCHECK-b81d44e0',
  accessToken: 'token-LEAKCHECK-first-5e6f',
  refreshedToken: 'token-LEAKCHECK-second-9a0b',
} as const;

export const BASE = 'https://api.conomyhq.com/sandbox';

/** One recorded request, as the scripted fetch saw it. */
export interface Seen {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  body: string;
}

type Handler = (request: Seen, index: number) => Response | Promise<Response>;

/**
 * A fetch that records every request and answers with `handler`. POST /auth is answered with a
 * token automatically unless the handler deals with it, and counted separately.
 */
export function scriptedFetch(handler: Handler, options: { tokens?: string[]; expiresIn?: number } = {}) {
  const seen: Seen[] = [];
  const authCalls: Seen[] = [];
  const tokens = options.tokens ?? [SECRETS.accessToken, SECRETS.refreshedToken];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const entry: Seen = {
      method: request.method,
      url: request.url,
      path: url.pathname.replace(/^\/sandbox/, ''),
      headers: request.headers,
      body: request.body ? await request.text() : '',
    };
    if (entry.path === '/auth') {
      authCalls.push(entry);
      const token = tokens[Math.min(authCalls.length - 1, tokens.length - 1)];
      return json(200, { accessToken: token, tokenType: 'Bearer', expiresIn: options.expiresIn ?? 3600 });
    }
    seen.push(entry);
    return handler(entry, seen.length - 1);
  };
  return { fetch, seen, authCalls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A logger that keeps every line (message plus serialized details). */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, ...rest: unknown[]): void => {
      lines.push(`${level} ${message} ${rest.map((item) => JSON.stringify(item)).join(' ')}`);
    };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** A client on the scripted fetch with client credentials, quiet logging and millisecond backoff. */
export function testClient(fetch: (request: Request) => Promise<Response>, extra: Partial<ConomyClientOptions> = {}) {
  return createConomyClient({
    apiKey: SECRETS.apiKey,
    clientId: SECRETS.clientId,
    clientSecret: SECRETS.clientSecret,
    fetch,
    logLevel: 'off',
    initialRetryDelayMs: 1,
    ...extra,
  } as ConomyClientOptions & { throwOnError?: true });
}

export const PAYMENT_LINK = {
  id: '6931f0a2addea901a6014501',
  checkoutToken: 'invoice-1001',
  status: 'ACTIVE',
  items: [{ preTaxAmount: '49990', totalAmount: '49990', description: 'Invoice 1001' }],
  currency: 'CLP',
  preTaxAmount: '49990',
  totalAmount: '49990',
  url: 'https://checkout.conomyhq.com/invoice-1001',
  paymentMethodsAllowed: ['ETPAY'],
  createdAt: '2025-12-05T21:58:58.111Z',
  destinations: [],
  duration: 86400,
  owner: { identityId: '679c482ee4420cb5b0966c9a' },
};

export const PROBLEM_404 = {
  status: 404,
  code: '31',
  type: 'notFound',
  detail: 'Payment link not found',
  traceId: 'trace-abc-123',
};

export const GATEWAY_400 = { statusCode: 400, error: 'Bad Request', message: 'limit must not be greater than 50' };
