// The sandbox transport (tests/contract/support/drift-transport.ts) with an injected fetch:
// the request budget, the in-flight limit, the base URL fence and what it logs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimitedTransport, type LoggedExchange } from '../contract/support/drift-transport.js';
import { loadSpec } from '../contract/support/spec.js';
import { responseValidatorFor } from '../contract/support/validator.js';

const spec = loadSpec();
const validator = responseValidatorFor(spec);
const BASE = 'https://api.conomyhq.com/sandbox';

function transport(options: { maxRequests?: number; maxInFlight?: number; fetch: typeof fetch; exchangeLog?: string }) {
  return createLimitedTransport({ baseUrl: BASE, maxRequests: 100, maxInFlight: 2, spec, validator, ...options });
}

const temporaryDirs: string[] = [];
afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function exchangeLogFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'transport-'));
  temporaryDirs.push(dir);
  return join(dir, 'exchanges.jsonl');
}

function loggedExchanges(file: string): LoggedExchange[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LoggedExchange);
}

const ok = (body: unknown = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', ...headers } });

describe('the sandbox transport', () => {
  it('refuses, with a clear error and without sending, every request beyond the budget', async () => {
    let sent = 0;
    const send = transport({ maxRequests: 2, fetch: async () => (sent += 1, ok()) });
    await send(new Request(`${BASE}/payments/p1`));
    await send(new Request(`${BASE}/payments/p2`));
    await expect(send(new Request(`${BASE}/payments/p3`))).rejects.toThrow(
      'Request budget used up: the contract cases may send 2 requests to https://api.conomyhq.com/sandbox in this run; ' +
        'GET /sandbox/payments/p3 was not sent',
    );
    expect(sent).toBe(2);
  });

  it('never has more than the allowed requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const send = transport({
      fetch: async () => {
        most = Math.max(most, (inFlight += 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return ok();
      },
    });
    await Promise.all(Array.from({ length: 9 }, (_, index) => send(new Request(`${BASE}/payments/p${index}`))));
    expect(most).toBe(2);
  });

  it('neither sends nor counts a request whose signal aborted while it waited for a slot', async () => {
    const log = exchangeLogFile();
    const fetched: string[] = [];
    let answerFirst = (): void => {};
    const send = transport({
      maxRequests: 2,
      maxInFlight: 1,
      exchangeLog: log,
      fetch: async (input) => {
        const { pathname } = new URL(input instanceof Request ? input.url : String(input));
        fetched.push(pathname);
        if (fetched.length === 1) await new Promise<void>((resolve) => (answerFirst = resolve));
        return ok();
      },
    });
    const first = send(new Request(`${BASE}/payments/p1`));
    const timeout = new AbortController();
    const queued = send(new Request(`${BASE}/payments/p2`, { signal: timeout.signal }));
    await expect.poll(() => fetched).toEqual(['/sandbox/payments/p1']);
    timeout.abort(new DOMException('the case timed out', 'TimeoutError'));
    await expect(queued).rejects.toThrow('the case timed out');
    answerFirst();
    await first;
    // The budget of 2 still has room: the aborted request was not counted, and its slot was not lost.
    await send(new Request(`${BASE}/payments/p3`));
    expect(fetched).toEqual(['/sandbox/payments/p1', '/sandbox/payments/p3']);
    const aborted = loggedExchanges(log).find((exchange) => exchange.url.endsWith('/p2'));
    expect(aborted).toMatchObject({ sent: false, error: 'TimeoutError' });
    expect(aborted?.status).toBeUndefined();

    const already = AbortSignal.abort();
    await expect(send(new Request(`${BASE}/payments/p4`, { signal: already }))).rejects.toThrow();
    expect(fetched).toHaveLength(2);
  });

  it('sends nothing outside the base URL, such as production', async () => {
    const send = transport({ fetch: async () => ok() });
    const production = send(new Request('https://api.conomyhq.com/payments'));
    await expect(production).rejects.toThrow(/outside the target https:\/\/api\.conomyhq\.com\/sandbox/);
    await expect(send(new Request('https://api.conomyhq.com/sandboxed/payments'))).rejects.toThrow(/outside the target/);
  });

  it('logs each call with masked credentials, its operation, request id, creation and findings', async () => {
    const log = exchangeLogFile();
    const created = { id: 'pl_1', checkoutToken: 'drift-1-abc' };
    const send = transport({ exchangeLog: log, fetch: async () => ok(created, { 'x-request-id': 'req-7' }) });
    await send(
      new Request(`${BASE}/payment-links`, {
        method: 'POST',
        headers: { 'x-api-key': 'key-value-1', authorization: 'Bearer token-value-2', 'content-type': 'application/json' },
        body: JSON.stringify({ checkoutToken: 'drift-1-abc', clientSecret: 'not-here' }),
      }),
    );
    const [exchange] = loggedExchanges(log);
    expect(exchange).toMatchObject({
      seq: 1,
      sent: true,
      operationId: 'createPaymentLink',
      method: 'POST',
      status: 200,
      requestId: 'req-7',
      requestHeaders: { 'x-api-key': '***', authorization: 'Bearer ***', 'content-type': 'application/json' },
      requestBody: '{"checkoutToken":"drift-1-abc","clientSecret":"***"}',
      created: { kind: 'payment-link', id: 'pl_1', checkoutToken: 'drift-1-abc' },
    });
    expect(exchange?.findings?.[0]).toMatchObject({ kind: 'undocumented-status', operationId: 'createPaymentLink', status: 200 });
    expect(readFileSync(log, 'utf8')).not.toMatch(/key-value-1|token-value-2|not-here/);
  });
});
