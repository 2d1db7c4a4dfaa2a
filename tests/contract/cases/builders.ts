// Builders for the common kinds of contract case. A case file lists, per operation, the
// statuses it covers; writing them out by hand is what makes the coverage gate meaningful.
import { expect } from 'vitest';
import type { CaseContext, ContractCase, Exchange } from '../support/run/case.js';
import { callOperation, errorClassFor, exampleInput, settle, type Settled } from '../support/run/client-calls.js';
import { escapeSegment, examplesOf, isJsonObject, type NamedExample } from '../../../lib/spec/index.mjs';
import { loadSpec } from '../support/spec/contract-spec.js';
import type { OperationId } from '../../../src/generated/operations.js';

/**
 * Mock only: for each status and each documented example of that response, the operation's
 * example request through the real client with `Prefer: code=<status>, example=<name>`, so Prism
 * answers with that example. The client must turn it into typed data (2xx) or the error class
 * of the status with the parsed body (4xx, 5xx); the runner validates the response (strict).
 */
export function documentedResponses(operationId: OperationId, statuses: readonly number[]): ContractCase[] {
  return statuses.flatMap((status) =>
    documentedExamples(operationId, status).map(({ name, value }): ContractCase => ({
      operationId,
      status,
      title: name === undefined ? `the documented ${status} example` : `the documented ${status} example "${name}"`,
      targets: ['mock'],
      run: async (context) => {
        const prefer = [`code=${status}`, ...(name === undefined ? [] : [`example=${name}`])].join(', ');
        const input = { ...exampleInput(loadSpec(), operationId), headers: { prefer } };
        const outcome = await settle(callOperation(context.client, operationId, input));
        const exchange = lastExchange(context, operationId);
        if (value !== undefined) expect(JSON.parse(exchange.bodyText), 'Prism served this example').toEqual(value);
        expectClientOutcome(outcome, exchange);
      },
    })),
  );
}

/**
 * What the client must make of a response: for 2xx the parsed body as `data` (undefined for a
 * 204), otherwise the error class of the status carrying the status and the parsed body.
 */
export function expectClientOutcome(outcome: Settled, exchange: Exchange): void {
  const parsedBody = exchange.bodyText === '' ? undefined : (JSON.parse(exchange.bodyText) as unknown);
  if (exchange.status >= 200 && exchange.status < 300) {
    expect(outcome.error, `${exchange.status} must resolve, not throw`).toBeUndefined();
    expect(outcome.data, 'data is the parsed body').toEqual(exchange.status === 204 ? undefined : parsedBody);
    return;
  }
  expect(outcome.error, `${exchange.status} must throw`).toBeInstanceOf(errorClassFor(exchange.status));
  expect(outcome.error?.status).toBe(exchange.status);
  expect(outcome.error?.body, 'the error carries the parsed body').toEqual(parsedBody);
}

/** The case's latest exchange with `operationId`. */
export function lastExchange(context: CaseContext, operationId: string): Exchange {
  const exchange = [...context.exchanges].reverse().find((candidate) => candidate.operationId === operationId);
  if (!exchange) throw new Error(`no ${operationId} request was sent`);
  return exchange;
}

/** The response's examples (lib/spec/examples.mjs), or one case without an example (a 204). */
function documentedExamples(operationId: string, status: number): NamedExample[] {
  const spec = loadSpec();
  const response = spec.responseFor(spec.operation(operationId), status);
  if (!response) throw new Error(`${operationId} documents no ${status} response`);
  const [mediaType, media] = Object.entries(isJsonObject(response.node.content) ? response.node.content : {})[0] ?? [];
  const examples = examplesOf(spec.document, media, `${response.pointer}/content/${escapeSegment(mediaType ?? '')}`);
  return examples.length > 0 ? examples : [{ value: undefined }];
}
