// The documented-response cases of the mock (Prism answers the example a case asks for). A case
// file lists, per operation, the statuses it covers; writing them out by hand is what makes the
// coverage gate meaningful.
import { expect } from 'vitest';
import type { ContractCase } from '../../../src/contract/run/case.js';
import { expectClientOutcome, lastExchange } from '../../../src/contract/run/checks.js';
import { callOperation, exampleInput, settle } from '../../../src/contract/run/client-calls.js';
import { escapeSegment, examplesOf, isJsonObject, type NamedExample } from '../../../lib/spec/index.mjs';
import { loadSpec } from '../../../src/contract/spec/contract-spec.js';
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

/** The response's examples (lib/spec/examples.mjs), or one case without an example (a 204). */
function documentedExamples(operationId: string, status: number): NamedExample[] {
  const spec = loadSpec();
  const response = spec.responseFor(spec.operation(operationId), status);
  if (!response) throw new Error(`${operationId} documents no ${status} response`);
  const [mediaType, media] = Object.entries(isJsonObject(response.node.content) ? response.node.content : {})[0] ?? [];
  const examples = examplesOf(spec.document, media, `${response.pointer}/content/${escapeSegment(mediaType ?? '')}`);
  return examples.length > 0 ? examples : [{ value: undefined }];
}
