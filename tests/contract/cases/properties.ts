// Property-based cases (mock only): for every operation with a JSON request body, and for each
// oneOf branch of it, fast-check generates bodies from the request schema
// (support/generate/arbitraries.ts) and each must be accepted by the mock without a request
// violation, with the client returning the response body as typed data and the response passing
// the validator.
// Seeded and bounded; a failure shrinks to a minimal body and prints the seed to replay it.
import fc from 'fast-check';
import type { ContractCase } from '../../../src/contract/run/case.js';
import { arbitraryFor } from '../support/generate/arbitraries.js';
import { callOperation, exampleInput, settle } from '../../../src/contract/run/client-calls.js';
import { componentName, isJsonObject, resolveRef } from '../../../lib/spec/index.mjs';
import { loadSpec, type Operation } from '../../../src/contract/spec/contract-spec.js';
import { expectClientOutcome, lastExchange } from '../../../src/contract/run/checks.js';

export const PROPERTY_RUNS = 50;
const DEFAULT_SEED = 20250424;

export const propertyRunSeed = propertySeed();
export const propertyBasedCases: ContractCase[] = propertyCases(propertyRunSeed);

/** The seed of this run: CONTRACT_SEED when set (to replay a failure), else a fixed one. */
function propertySeed(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.CONTRACT_SEED?.trim();
  if (!text) return DEFAULT_SEED;
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new Error(`CONTRACT_SEED must be an integer; got "${text}"`);
  }
  return Number(text);
}

function propertyCases(seed: number): ContractCase[] {
  const spec = loadSpec();
  return spec.operations.flatMap((operation) => {
    const body = jsonRequestBody(operation);
    if (!body) return [];
    const status = operation.responses.map((response) => Number(response.key)).find((code) => code >= 200 && code < 300);
    if (status === undefined) throw new Error(`${operation.operationId} documents no 2xx response`);
    const { node } = resolveRef(spec.document, body.schema, body.pointer);
    const branches = isJsonObject(node) && Array.isArray(node.oneOf)
      ? node.oneOf.map((branch, index) => ({ schema: branch, pointer: `${body.pointer}/oneOf/${index}`, label: branchName(branch, index) }))
      : [{ schema: body.schema, pointer: body.pointer, label: body.required ? 'bodies' : 'bodies (or none)' }];

    return branches.map(({ schema, pointer, label }): ContractCase => ({
      operationId: operation.operationId,
      status,
      title: `accepts ${PROPERTY_RUNS} generated ${label} (seed ${seed})`,
      targets: ['mock'],
      run: async (context) => {
        const generated = arbitraryFor(spec.document, schema, pointer);
        const bodies = body.required ? generated : fc.option(generated, { nil: undefined });
        const input = exampleInput(spec, operation.operationId);
        const accepted = fc.asyncProperty(bodies, async (generatedBody) => {
          const outcome = await settle(callOperation(context.client, operation.operationId, { ...input, body: generatedBody }));
          const exchange = lastExchange(context, operation.operationId);
          const problems = context.judge(exchange);
          if (outcome.error || problems.length > 0) {
            throw new Error([`answered ${exchange.status}`, ...problems, outcome.error?.message ?? ''].join('\n'));
          }
          expectClientOutcome(outcome, exchange);
        });
        await fc.assert(accepted, { seed, numRuns: PROPERTY_RUNS });
      },
    }));
  });
}

function jsonRequestBody(operation: Operation): { schema: unknown; pointer: string; required: boolean } | undefined {
  const spec = loadSpec();
  const requestBody = resolveRef(spec.document, operation.node.requestBody, `${operation.pointer}/requestBody`);
  if (!isJsonObject(requestBody.node) || !isJsonObject(requestBody.node.content)) return undefined;
  const media = requestBody.node.content['application/json'];
  if (!isJsonObject(media) || media.schema === undefined) return undefined;
  return {
    schema: media.schema,
    pointer: `${requestBody.pointer}/content/application~1json/schema`,
    required: requestBody.node.required === true,
  };
}

function branchName(branch: unknown, index: number): string {
  return `${componentName(branch) ?? `branch ${index}`} bodies`;
}
