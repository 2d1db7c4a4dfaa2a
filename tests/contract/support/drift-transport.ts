// The transport of the contract suite on a real server (the sandbox target). Every request of
// every case, the typed client's retries and token calls included, goes through it, so it is
// where the run's safety limits are enforced:
// - at most `maxRequests` requests for the whole run and `maxInFlight` at a time (one instance
//   per process; with the sandbox target all test files run in one worker, see vitest.config.ts);
// - only URLs under the target's base URL (never another host, never production);
// - every call is logged (credentials masked) for the drift reports: which operation and status,
//   the request id, what it created, enough of the request to print a curl that repeats it, and
//   the validator's findings on the answer. The case runner judges the same answers; judging
//   here too keeps the findings of a case that crashed half-way (the report merges both).
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Finding } from './findings.js';
import type { ContractSpec } from './spec.js';
import type { ResponseValidator } from './validator.js';

export interface LimitedTransportOptions {
  baseUrl: string;
  maxRequests: number;
  maxInFlight: number;
  spec: ContractSpec;
  validator: ResponseValidator;
  /** JSON-lines file the runner reads after the run; no log without it. */
  exchangeLog?: string;
  fetch?: typeof fetch;
}

/** One logged call. `sent` is false when the transport refused to send it. */
export interface LoggedExchange {
  seq: number;
  sent: boolean;
  test?: string;
  operationId?: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  requestId?: string;
  created?: { kind: 'payment-link' | 'checkout-session'; id: string; checkoutToken: string };
  findings?: Finding[];
  error?: string;
}

const MASKED_HEADERS: Record<string, (value: string) => string> = {
  'x-api-key': () => '***',
  authorization: (value) => value.replace(/^(\w+\s+)?.*$/, (_, scheme: string | undefined) => `${scheme ?? ''}***`),
  cookie: () => '***',
};
const SECRET_BODY_FIELDS = /"(clientSecret|clientId|accessToken)"\s*:\s*"(?:[^"\\]|\\.)*"/g;
const REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-amz-apigw-id', 'x-trace-id', 'x-correlation-id'];
const CREATES: Record<string, 'payment-link' | 'checkout-session'> = {
  createPaymentLink: 'payment-link',
  createCheckoutSession: 'checkout-session',
  createCheckoutSessionFromPaymentLink: 'checkout-session',
};

export function createLimitedTransport(options: LimitedTransportOptions): typeof fetch {
  const { baseUrl, maxRequests, maxInFlight, spec, validator, exchangeLog } = options;
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  let sent = 0;
  let seq = 0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  /** A slot, or the signal's reason when it aborts (a case timed out) while the request waits for one. */
  const acquire = (signal: AbortSignal): Promise<void> => {
    signal.throwIfAborted();
    if (inFlight < maxInFlight) {
      inFlight += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      // The releasing call hands its slot over to `take`; an abort leaves the queue instead.
      const take = (): void => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(signal.reason);
      };
      waiting.push(take);
      signal.addEventListener('abort', leave, { once: true });
    });
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };

  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const exchange: LoggedExchange = {
      seq: (seq += 1),
      sent: false,
      test: currentTestName(),
      operationId: spec.findOperation(request.method, url.pathname.slice(basePath.length))?.operationId,
      method: request.method,
      url: request.url,
      requestHeaders: maskedHeaders(request.headers),
      requestBody: await requestBody(request),
    };
    const log = (): void => {
      if (exchangeLog) appendFileSync(exchangeLog, `${JSON.stringify(exchange)}\n`);
    };
    if (!request.url.startsWith(`${baseUrl}/`) && request.url !== baseUrl) {
      exchange.error = 'refused: outside the target base URL';
      log();
      throw new Error(`Refusing to send ${request.method} ${url.origin}${url.pathname}: it is outside the target ${baseUrl}`);
    }
    let holdsSlot = false;
    try {
      await acquire(request.signal);
      holdsSlot = true;
      // Aborted between getting the slot and now: not sent, not counted.
      request.signal.throwIfAborted();
      if (sent >= maxRequests) {
        exchange.error = 'refused: request budget used up';
        throw new Error(
          `Request budget used up: the contract cases may send ${maxRequests} requests to ${baseUrl} in this run; ` +
            `${request.method} ${url.pathname} was not sent`,
        );
      }
      sent += 1;
      exchange.sent = true;
      const response = await send(request);
      exchange.status = response.status;
      const text = await response.clone().text();
      exchange.requestId = requestIdOf(response.headers, text);
      exchange.created = createdResource(exchange.operationId, response.status, text);
      if (exchange.operationId) {
        const judged = { operationId: exchange.operationId, status: response.status, headers: response.headers, bodyText: text };
        const findings = validator.validateResponse(judged, { strict: true });
        if (findings.length > 0) exchange.findings = findings;
      }
      return response;
    } catch (error) {
      exchange.error ??= error instanceof Error ? error.name : 'error';
      throw error;
    } finally {
      if (holdsSlot) release();
      log();
    }
  };
}

function currentTestName(): string | undefined {
  try {
    return expect.getState().currentTestName;
  } catch {
    return undefined;
  }
}

function maskedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = MASKED_HEADERS[name]?.(value) ?? value;
  });
  return result;
}

async function requestBody(request: Request): Promise<string | undefined> {
  if (request.body === null) return undefined;
  const text = await request.clone().text();
  return text.replace(SECRET_BODY_FIELDS, '"$1":"***"').slice(0, 8_000);
}

function requestIdOf(headers: Headers, bodyText: string): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  try {
    const traceId = (JSON.parse(bodyText) as { traceId?: unknown } | null)?.traceId;
    return typeof traceId === 'string' ? traceId : undefined;
  } catch {
    return undefined;
  }
}

function createdResource(operationId: string | undefined, status: number, text: string): LoggedExchange['created'] {
  const kind = operationId ? CREATES[operationId] : undefined;
  if (!kind || status < 200 || status >= 300) return undefined;
  try {
    const body = JSON.parse(text) as { id?: unknown; checkoutToken?: unknown } | null;
    if (typeof body?.id !== 'string' || typeof body.checkoutToken !== 'string') return undefined;
    return { kind, id: body.id, checkoutToken: body.checkoutToken };
  } catch {
    return undefined;
  }
}
