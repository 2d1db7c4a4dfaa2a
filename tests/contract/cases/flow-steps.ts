// The steps the flow cases (flow.ts, link-deletion.ts) are made of. On a real server a refused
// step, a resource that cannot be read back or one still there after deletion is reported as a
// finding and stops the case cleanly; on the mock Prism answers with examples.
import { expect } from 'vitest';
import { ConomyApiError, NotFoundError } from '../../../src/index.js';
import type { CaseContext } from '../support/cases.js';
import { settle, type CallResult } from '../support/client-calls.js';
import { lastExchange } from './builders.js';

/** A step was refused and reported: the case stops, its cleanup still runs. */
export class FlowStopped extends Error {}

/**
 * The step's data. A 4xx is reported (`request-rejected`, or `unavailable-after-create` for a
 * 404 on reading back what the case created) and stops the case; other failures propagate.
 */
export async function step<T>(
  context: CaseContext,
  operationId: string,
  call: Promise<{ data: T }>,
  options: { readsBack?: boolean } = {},
): Promise<T> {
  try {
    return (await call).data;
  } catch (error) {
    if (!(error instanceof ConomyApiError) || error.status >= 500) throw error;
    if (options.readsBack && error instanceof NotFoundError) {
      context.report('unavailable-after-create', {
        operationId,
        status: error.status,
        expected: '200',
        actual: String(error.status),
        message: 'what the flow had just created could not be read back',
      });
    } else {
      rejected(context, operationId, error);
    }
    throw new FlowStopped();
  }
}

/** A cleanup step: true when it succeeded, false when it was refused (and reported). */
export async function stepOrStop(context: CaseContext, operationId: string, call: Promise<CallResult>): Promise<boolean> {
  try {
    await step(context, operationId, call);
    return true;
  } catch (error) {
    if (error instanceof FlowStopped) return false;
    throw error;
  }
}

export function rejected(context: CaseContext, operationId: string, error: ConomyApiError): void {
  context.report('request-rejected', {
    operationId,
    status: error.status,
    expected: '2xx',
    actual: `${error.status}${error.type ? ` ${error.type}` : ''}`,
    message: `a request the spec allows was refused: ${error.message}`,
  });
}

/**
 * After a delete, reading the resource must answer 404. Prism keeps no state, so on the mock the
 * 404 is forced: there it checks the client's side (a NotFoundError), on the sandbox the API's.
 */
export async function expectGone(
  context: CaseContext,
  operationId: string,
  read: (headers: Record<string, string>) => Promise<CallResult>,
): Promise<void> {
  const outcome = await settle(read(context.target === 'mock' ? { prefer: 'code=404' } : {}));
  if (outcome.error === undefined) {
    context.report('available-after-delete', {
      operationId,
      status: lastExchange(context, operationId).status,
      expected: '404',
      actual: String(lastExchange(context, operationId).status),
      message: 'the resource the flow deleted can still be read',
    });
    return;
  }
  if (!(outcome.error instanceof NotFoundError)) throw outcome.error;
}

/** The latest request of the operation carried these values. */
export function expectSent(
  context: CaseContext,
  operationId: string,
  sent: { path?: string; query?: Record<string, string>; body?: unknown },
): void {
  const exchange = lastExchange(context, operationId);
  if (sent.path !== undefined) expect(exchange.path, `${operationId} path`).toBe(sent.path);
  const query = new URLSearchParams(exchange.query);
  for (const [name, value] of Object.entries(sent.query ?? {})) expect(query.get(name), `${operationId} query ${name}`).toBe(value);
  if (sent.body !== undefined) expect(JSON.parse(exchange.requestBody), `${operationId} body`).toEqual(sent.body);
}
