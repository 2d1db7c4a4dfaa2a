// The steps the flow cases (flow.ts, link-deletion.ts) are made of. A flow never stops at the first
// thing that goes wrong: every operation is exercised on its own as soon as the inputs it needs
// exist (an id from a create answer, or the same id found in a list), and an operation whose
// inputs are missing is recorded as not reached, naming the step that failed to provide them.
// On the mock Prism answers with examples; on a real server a refused step, a resource that cannot
// be read back or one still there after deletion is reported as a finding.
import assert from 'node:assert/strict';
import {
  ConomyApiError,
  ConomyConnectionError,
  type CreatePaymentLinkBody,
  ConomyInvalidResponseError,
  NotFoundError,
  RateLimitError,
} from '../../index.js';
import { pathValueProblem } from '../../internal/path.js';
import { notSentReason, type CaseContext, type Exchange } from '../run/case.js';
import { settle, type CallResult } from '../run/client-calls.js';
import { isJsonObject } from '../../../lib/spec/index.mjs';
import { paymentLinkBody } from './bodies.js';
import { lastExchange } from '../run/checks.js';
import type { OperationId } from '../../generated/operations.js';
import { LIST_FILTERS, unmatchedFilters, type ListOperationId } from '../spec/list-filters.js';

/** What a step produced, or why there is nothing (the first failure it goes back to). */
export type Got<T> = { ok: true; value: T } | { ok: false; why: string };

export const got = <T>(value: T): Got<T> => ({ ok: true, value });
const missing = (why: string): { ok: false; why: string } => ({ ok: false, why });

/** The cases whose run used up the request budget. */
const outOfBudget = new WeakMap<CaseContext, { ok: false; why: string }>();

interface StepOptions {
  /** The step reads back what the flow created: a 404 means it was lost. */
  readsBack?: boolean;
  /** What a refusal of this step is reported with, when not a plain "2xx expected". */
  refusal?: Refusal;
}

/** How a refused request is reported (see `rejected`). */
export interface Refusal {
  /** What the spec documents for this request, when it is not a 2xx (a refusal of another status). */
  expected?: string;
  /** What the request was, when that explains the refusal, e.g. "with the guide's destination shape". */
  what?: string;
  /** The register entries the refusal is evidence for; default those of the operation. */
  discrepancy?: string[];
}

type Values<N extends readonly Got<unknown>[]> = { [K in keyof N]: N[K] extends Got<infer V> ? V : never };

/**
 * Runs one step when every input in `needs` is there, else records it as not reached (with the
 * first missing input's reason) and returns that reason. The runner judges the answer like any
 * other; here it is only decided what the next steps get:
 * - a 2xx: its data;
 * - an API error: reported as `request-rejected` (or `unavailable-after-create` when the step
 *   reads back what the flow created and gets a 404), unless the validator already objected to
 *   its status (an undocumented status, a server error); a 429 the transport could not wait out
 *   is a step not reached;
 * - no usable answer (a body that is not JSON, a connection error, a timeout, the request
 *   budget): noted when no finding explains it.
 * A server's behaviour never makes it throw; an assertion of the flow itself (a bug of ours) does.
 */
export async function step<T, N extends readonly Got<unknown>[]>(
  context: CaseContext,
  operationId: OperationId,
  needs: readonly [...N],
  call: (inputs: Values<N>) => Promise<{ data: T }>,
  options: StepOptions = {},
): Promise<Got<T>> {
  // Once the budget ran out, no later step can be sent either: say so without trying.
  const unsent = outOfBudget.get(context);
  if (unsent) {
    context.note(operationId, 'not-reached', unsent.why, { unsent: true });
    return unsent;
  }
  const absent = needs.find((need) => !need.ok);
  if (absent && !absent.ok) {
    context.note(operationId, 'not-reached', absent.why);
    return missing(absent.why);
  }
  const sentBefore = context.exchanges.length;
  try {
    return got((await call(needs.map((need) => (need as { value: unknown }).value) as Values<N>)).data);
  } catch (error) {
    const answer = [...context.exchanges.slice(sentBefore)].reverse().find((exchange) => exchange.operationId === operationId);
    return missing(failedStep(context, operationId, error, answer, options));
  }
}

/** What a failed step means, recorded on the context; returns the reason the next steps get. */
function failedStep(
  context: CaseContext,
  operationId: string,
  error: unknown,
  answer: Exchange | undefined,
  options: StepOptions,
): string {
  const unsent = notSentReason(error);
  if (unsent) {
    context.note(operationId, 'not-reached', unsent, { unsent: true });
    outOfBudget.set(context, missing(unsent));
    return unsent;
  }
  if (error instanceof RateLimitError) {
    const why = `${operationId} was still refused with 429 after waiting out the server's rate limit`;
    context.note(operationId, 'not-reached', why);
    return why;
  }
  if (error instanceof ConomyApiError) {
    const statusObjected = answer?.findings.some((finding) => finding.location === 'response.status') ?? false;
    if (options.readsBack && error instanceof NotFoundError) {
      context.report('unavailable-after-create', {
        operationId,
        status: error.status,
        expected: '200',
        actual: String(error.status),
        message: 'what the flow had just created could not be read back',
      });
    } else if (!statusObjected) {
      rejected(context, operationId, error, options.refusal);
    }
    return `${operationId} answered ${error.status}`;
  }
  if (answer && answer.findings.length > 0 && error instanceof ConomyInvalidResponseError) {
    return `${operationId} answered ${answer.status} with a body the flow cannot use (${answer.findings[0]?.kind})`;
  }
  if (error instanceof ConomyInvalidResponseError || error instanceof ConomyConnectionError) {
    context.note(operationId, 'error', error.message);
    return `${operationId} failed: ${error.message}`;
  }
  throw error;
}

export function rejected(context: CaseContext, operationId: string, error: ConomyApiError, refusal: Refusal = {}): void {
  context.report('request-rejected', {
    operationId,
    status: error.status,
    expected: refusal.expected ?? '2xx',
    actual: `${error.status}${error.type ? ` ${error.type}` : ''}`,
    message: refusal.expected
      ? `refused with ${error.status}, where the spec documents ${refusal.expected}${refusal.what ? ` ${refusal.what}` : ''}: ${error.message}`
      : `a request the spec allows${refusal.what ? ` ${refusal.what}` : ''} was refused: ${error.message}`,
    ...(refusal.discrepancy ? { discrepancy: refusal.discrepancy } : {}),
  });
}

/**
 * Creates a link or session from the fixtures' offer: with the guide's destination first (its
 * acceptance is what register D6 asks the sandbox), and when that body is refused, once more with
 * the reference destination, so that one refused body shape does not leave every later step
 * without a resource. The refusal stays a finding.
 */
export async function createOffer<T>(
  context: CaseContext,
  operationId: OperationId,
  checkoutToken: string,
  post: (body: CreatePaymentLinkBody) => Promise<{ data: T }>,
): Promise<Got<T>> {
  const { fixtures } = context;
  const guideShape = { what: "with a destination in the guide's shape", discrepancy: ['D6'] };
  const first = await step(context, operationId, [], () => post(paymentLinkBody(fixtures, checkoutToken, 'identity')), {
    refusal: guideShape,
  });
  const refused = context.exchanges.at(-1);
  if (first.ok || refused?.operationId !== operationId || ![400, 422].includes(refused.status)) return first;
  const referenceShape = { what: 'with a destination in the reference shape' };
  return step(context, operationId, [], () => post(paymentLinkBody(fixtures, checkoutToken, 'account')), { refusal: referenceShape });
}

/** A usable id (one the client can put in a path) from an answer, or why there is none. */
export function idOf(answer: Got<unknown>, operationId: string): Got<string> {
  if (!answer.ok) return answer;
  const id = isJsonObject(answer.value) ? answer.value.id : undefined;
  return usableId(id) ? got(id) : missing(`the ${operationId} answer has no usable id`);
}

/** The `checkoutToken` of an answer, else `fallback` (the token the flow sent). */
export function tokenOf(answer: Got<unknown>, fallback: string): string {
  const token = answer.ok && isJsonObject(answer.value) ? answer.value.checkoutToken : undefined;
  return usableId(token) ? token : fallback;
}

/** The id of the item of a list answer that matches, or why there is none. */
export function idInList(list: Got<unknown>, operationId: string, matches: (item: Record<string, unknown>) => boolean): Got<string> {
  if (!list.ok) return list;
  const results = isJsonObject(list.value) && Array.isArray(list.value.results) ? list.value.results : [];
  const id = results.filter(isJsonObject).find(matches)?.id;
  return usableId(id) ? got(id) : missing(`the ${operationId} answer does not list it`);
}

/** The first value that is there, else the reason of the first. */
export function firstOf<T>(first: Got<T>, ...others: Got<T>[]): Got<T> {
  return [first, ...others].find((candidate) => candidate.ok) ?? first;
}

/** A string the client can put in a path (src/internal/path.ts), so one the flow can use. */
function usableId(value: unknown): value is string {
  return typeof value === 'string' && pathValueProblem(value) === undefined;
}

/**
 * On a real API a list must answer only what its filters select, and a list filtered to what the
 * flow created must contain it. A list that answers items its filters exclude did not honour them
 * (`filter-ignored`, with what came back); only a list that honours them and still lacks the item
 * lost it (`unavailable-after-create`). Prism answers with its examples, so there is nothing to
 * compare on the mock.
 */
export function expectListed(
  context: CaseContext,
  operationId: ListOperationId,
  list: Got<unknown>,
  query: Readonly<Record<string, unknown>>,
  created: Got<string> | undefined,
): void {
  if (context.target === 'mock' || !list.ok) return;
  const results = (isJsonObject(list.value) && Array.isArray(list.value.results) ? list.value.results : []).filter(isJsonObject);
  const filters = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value].flat().map(String)]));
  const excluded = results.flatMap((item) => {
    const unmatched = unmatchedFilters(operationId, filters, item);
    return unmatched.length > 0 ? [`${typeof item.id === 'string' ? item.id : '(no id)'} (${unmatched.join(', ')})`] : [];
  });
  const status = lastExchange(context, operationId).status;
  if (excluded.length > 0) {
    const asked = Object.entries(filters).filter(([name]) => name in LIST_FILTERS[operationId]).map(([name, values]) => `${name} = ${values.join(' or ')}`);
    context.report('filter-ignored', {
      operationId,
      status,
      location: 'response.body/results',
      expected: `only items with ${asked.join(' and ')}`,
      actual: `${excluded.length} of ${results.length} items outside the filter: ${excluded.slice(0, 5).join(', ')}${excluded.length > 5 ? ', ...' : ''}`,
      message: 'the list answered items its filter excludes: the filter was not honoured',
    });
    return;
  }
  if (!created?.ok || results.some((item) => item.id === created.value)) return;
  context.report('unavailable-after-create', {
    operationId,
    status,
    location: 'response.body/results',
    expected: `an item with id ${created.value}`,
    actual: `${results.length} items without it`,
    message: 'the filtered list does not contain what the flow had just created',
  });
}

/** A read answered with another resource than the one asked for. A missing id is the validator's finding. */
export function expectSame(context: CaseContext, operationId: string, read: Got<unknown>, id: Got<string>): void {
  if (context.target === 'mock' || !read.ok || !id.ok || !isJsonObject(read.value)) return;
  const readId = read.value.id;
  if (typeof readId !== 'string' || readId === id.value) return;
  context.report('unavailable-after-create', {
    operationId,
    status: lastExchange(context, operationId).status,
    location: 'response.body/id',
    expected: id.value,
    actual: readId,
    message: 'reading back what the flow had just created answered another resource',
  });
}

/**
 * After a delete, reading the resource must answer 404. Prism keeps no state, so on the mock the
 * 404 is forced: there it checks the client's side (a NotFoundError), on the sandbox the API's.
 */
export async function expectGone(
  context: CaseContext,
  operationId: OperationId,
  read: (headers: Record<string, string>) => Promise<CallResult>,
): Promise<void> {
  await step(context, operationId, [], async () => {
    const outcome = await settle(read(context.target === 'mock' ? { prefer: 'code=404' } : {}));
    if (outcome.error instanceof NotFoundError) return { data: undefined };
    if (outcome.error) throw outcome.error;
    const { status } = lastExchange(context, operationId);
    context.report('available-after-delete', {
      operationId,
      status,
      expected: '404',
      actual: String(status),
      message: 'the resource the flow deleted can still be read',
    });
    return { data: undefined };
  });
}

/** The latest request of the operation carried these values (what the previous answers returned). */
export function expectSent(
  context: CaseContext,
  operationId: OperationId,
  sent: { path?: string; query?: Record<string, string>; body?: unknown },
): void {
  const exchange = [...context.exchanges].reverse().find((candidate) => candidate.operationId === operationId);
  if (!exchange) return; // not sent: the step records why
  if (sent.path !== undefined) assert.equal(exchange.path, sent.path, `${operationId} path`);
  const query = new URLSearchParams(exchange.query);
  for (const [name, value] of Object.entries(sent.query ?? {})) assert.equal(query.get(name), value, `${operationId} query ${name}`);
  if (sent.body !== undefined) assert.deepEqual(JSON.parse(exchange.requestBody), sent.body, `${operationId} body`);
}
