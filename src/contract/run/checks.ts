// What a case asserts about its own calls. Cases run in the vitest suite against the mock and in
// a drift run, which has no test runner, so the checks use node:assert (vitest prints its
// AssertionError with the same diff). A failed check is a bug of the case or of the client, never
// drift: the case fails, and on a real server the run says it is incomplete.
import assert from 'node:assert/strict';
import type { CaseContext, Exchange } from './case.js';
import { errorClassFor, type Settled } from './client-calls.js';

/**
 * What the client must make of a response: for 2xx the parsed body as `data` (undefined for a
 * 204), otherwise the error class of the status carrying the status and the parsed body.
 */
export function expectClientOutcome(outcome: Settled, exchange: Exchange): void {
  const parsedBody = exchange.bodyText === '' ? undefined : (JSON.parse(exchange.bodyText) as unknown);
  if (exchange.status >= 200 && exchange.status < 300) {
    assert.equal(outcome.error, undefined, `${exchange.status} must resolve, not throw`);
    assert.deepEqual(outcome.data, exchange.status === 204 ? undefined : parsedBody, 'data is the parsed body');
    return;
  }
  const expected = errorClassFor(exchange.status);
  assert.ok(outcome.error instanceof expected, `${exchange.status} must throw ${expected.name}; got ${outcome.error?.name ?? 'data'}`);
  assert.equal(outcome.error.status, exchange.status);
  assert.deepEqual(outcome.error.body, parsedBody, 'the error carries the parsed body');
}

/** The case's latest exchange with `operationId`. */
export function lastExchange(context: CaseContext, operationId: string): Exchange {
  const exchange = [...context.exchanges].reverse().find((candidate) => candidate.operationId === operationId);
  if (!exchange) throw new Error(`no ${operationId} request was sent`);
  return exchange;
}
