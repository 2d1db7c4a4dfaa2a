// Refusal cases: a request the spec forbids must be refused, and the client must surface the
// refusal as the error class of the status. The pinned ones name constraints the issues single
// out, so that deleting such a constraint from openapi.yaml makes a case fail; the credential
// cases send each operation's example without its credentials. A refusal that does not come is
// reported as a finding (`request-accepted`, `auth-not-enforced`): never on the mock, drift on a
// real server. The few that are cheap and safe run on a real server too; the mock suite adds one
// case per constraint of the spec (tests/contract/cases/negative.ts, built with `refusedRequest`).
import assert from 'node:assert/strict';
import type { BehaviourKind, CaseContext, ContractCase } from '../run/case.js';
import { expectClientOutcome, lastExchange } from '../run/checks.js';
import { callOperation, exampleInput, settle, type CallInput, type Settled } from '../run/client-calls.js';
import { credentialHeader, declaredSchemes, isJsonObject, requiredSchemes, type JsonObject } from '../../../lib/spec/index.mjs';
import { loadSpec } from '../spec/contract-spec.js';
import { createdKind, deletionOf } from '../spec/resources.js';
import type { ContractTarget } from '../run/target.js';
import { paymentLinkBody, uniqueCheckoutToken } from './bodies.js';

const spec = loadSpec();
const MOCK: readonly ContractTarget[] = ['mock'];
const ANY_TARGET: readonly ContractTarget[] = ['mock', 'sandbox'];

/** The pinned refusals and the requests without credentials. */
export const refusalCases: ContractCase[] = [...pinnedNegativeCases(), ...credentialCases()];

/** The constraints the issue names, pinned; a few are cheap and safe enough for the sandbox. */
function pinnedNegativeCases(): ContractCase[] {
  const example = (operationId: string) => exampleInput(spec, operationId);
  const linkExample = example('createPaymentLink');
  const linkBody = (change: JsonObject): CallInput => ({ ...linkExample, body: { ...(linkExample.body as JsonObject), ...change } });
  const withQuery = (operationId: string, query: Record<string, unknown>): CallInput => ({
    ...example(operationId),
    params: { ...example(operationId).params, query },
  });
  return [
    refusedRequest('createPaymentLink', 'pinned: an empty paymentMethodsAllowed', () => linkBody({ paymentMethodsAllowed: [] }), MOCK),
    refusedRequest('createPaymentLink', 'pinned: duration 29', () => linkBody({ duration: 29 }), MOCK),
    ...['listPaymentLinks', 'listCheckoutSessions', 'listPayments'].map((operationId) =>
      refusedRequest(operationId, 'pinned: limit 51', () => withQuery(operationId, { limit: 51 }), ANY_TARGET),
    ),
    refusedRequest(
      'listCheckoutSessions',
      'pinned: the unknown status PAID',
      () => withQuery('listCheckoutSessions', { status: 'PAID' }),
      MOCK,
    ),
    // A complete offer from the fixtures, so that if it is wrongly accepted it is ours to delete.
    ...['createPaymentLink', 'createCheckoutSession'].map((operationId) =>
      refusedRequest(operationId, 'pinned: a complete offer without currency', (context) => {
        const { currency: _omitted, ...body } = paymentLinkBody(context.fixtures, uniqueCheckoutToken(context.fixtures, 'negative'));
        return { params: {}, body };
      }, ANY_TARGET),
    ),
  ];
}

/**
 * Per operation, its documented example without each credential its security requirement names,
 * and without all of them. Without all of them also runs on the sandbox, for the operations
 * where a server that does not enforce authentication could still not create or delete anything.
 */
function credentialCases(): ContractCase[] {
  return spec.operations.flatMap((operation) => {
    const headers = credentialHeaders(operation.node);
    const safe = operation.method === 'GET' || operation.operationId === 'createAccessToken';
    const without = (dropped: string[], targets: readonly ContractTarget[]): ContractCase => ({
      operationId: operation.operationId,
      status: 401,
      title: `refuses a request without ${dropped.join(' and ')}`,
      targets,
      invalidRequest: true,
      run: async (context) => {
        const client = context.clientWithout(dropped);
        const outcome = await settle(callOperation(client, operation.operationId, exampleInput(spec, operation.operationId)));
        await expectRefusal(context, operation.operationId, outcome, [401], 'auth-not-enforced');
      },
    });
    return [
      ...(headers.length > 1 ? headers.map((header) => without([header], MOCK)) : []),
      without(headers, safe ? ANY_TARGET : MOCK),
    ];
  });
}

export function refusedRequest(
  operationId: string,
  title: string,
  input: (context: CaseContext) => CallInput,
  targets: readonly ContractTarget[],
): ContractCase {
  const statuses = refusalStatuses(operationId);
  const [status, ...alternativeStatuses] = statuses;
  if (status === undefined) throw new Error(`${operationId} documents neither 400 nor 422 for a refused request`);
  return {
    operationId,
    status,
    alternativeStatuses,
    title: `refuses ${title}`,
    targets,
    invalidRequest: true,
    run: async (context) => {
      const outcome = await settle(callOperation(context.client, operationId, input(context)));
      await expectRefusal(context, operationId, outcome, statuses, 'request-accepted');
    },
  };
}

/** Prism refuses an invalid request with 422 when the operation documents it, else 400. */
function refusalStatuses(operationId: string): number[] {
  const operation = spec.operation(operationId);
  return [422, 400].filter((status) => spec.responseFor(operation, status)?.key === String(status));
}

/**
 * The request must be refused with one of `statuses`, surfaced as that status's error class with
 * the parsed body. An accepted one is reported as `kindIfAccepted`; anything it created is deleted.
 */
async function expectRefusal(
  context: CaseContext,
  operationId: string,
  outcome: Settled,
  statuses: number[],
  kindIfAccepted: BehaviourKind,
): Promise<void> {
  const exchange = lastExchange(context, operationId);
  if (outcome.error === undefined) {
    context.report(kindIfAccepted, {
      operationId,
      status: exchange.status,
      expected: statuses.join(' or '),
      actual: String(exchange.status),
      message: `a request the spec forbids was answered ${exchange.status}`,
    });
    await deleteCreated(context, operationId, outcome.data);
    return;
  }
  assert.ok(statuses.includes(outcome.error.status), `refused with ${outcome.error.status}, where the spec documents ${statuses.join(' or ')}`);
  expectClientOutcome(outcome, exchange);
}

/** Only what carries this run's checkoutToken prefix: cleanup never touches anything else. */
async function deleteCreated(context: CaseContext, operationId: string, data: unknown): Promise<void> {
  const kind = createdKind(operationId);
  if (!kind || !isJsonObject(data) || typeof data.id !== 'string' || typeof data.checkoutToken !== 'string') return;
  if (!data.checkoutToken.startsWith(context.fixtures.checkoutTokenPrefix)) return;
  const deletion = deletionOf(kind, data.id);
  await settle(callOperation(context.client, deletion.operationId, { params: { path: deletion.pathParams } }));
}

/**
 * The request header each security scheme of the operation's (first) requirement travels in.
 * Every Conomy operation needs credentials, so one that declares no requirement is still sent
 * without any and must be refused: dropping a requirement from the spec fails a case.
 */
function credentialHeaders(operation: JsonObject): string[] {
  const required = requiredSchemes(spec.document, operation);
  return (required.length > 0 ? required : declaredSchemes(spec.document)).map((name) => {
    const credential = credentialHeader(spec.document, name);
    if (!credential) throw new Error(`Security scheme "${name}" is not sent in a header this suite knows how to drop`);
    return credential.header;
  });
}
