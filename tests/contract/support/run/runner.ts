// The case table: a contract case says which (operation, status) pair it covers and how to
// provoke it, through the real client from src/. The runner records every HTTP exchange the
// case makes, judges each response with the one validator as it arrives (once: the findings stay
// on the exchange), and checks that the promised pair was actually observed, unless the case
// already explains why not (a finding, a crash, a step it noted as not reached).
import { createConomyClient, type ConomyClient, type ConomyClientOptions } from '../../../../src/index.js';
import { isRetryableAnswer } from '../../../../src/internal/retry.js';
import { budgetExhaustion } from '../../drift/http.js';
import { discrepancyIdsOf } from '../judge/discrepancy.js';
import { formatFinding, severityOf, type Finding, type FindingKind } from '../judge/findings.js';
import type { ContractSpec } from '../spec/contract-spec.js';
import type { ContractTarget, TargetClientOptions, TargetFixtures } from './target.js';
import type { ResponseValidator } from '../judge/validator.js';

declare module 'vitest' {
  // What a contract test leaves for the run summary (summary-reporter.ts).
  interface TaskMeta {
    contract?: { target: ContractTarget; operationId: string; status: number; findings: Finding[] };
  }
}

/** Findings about the API's behaviour (not a single response) that a case reports itself. */
export type BehaviourKind = Extract<
  FindingKind,
  'request-rejected' | 'request-accepted' | 'auth-not-enforced' | 'unavailable-after-create' | 'available-after-delete'
>;

export interface BehaviourReport {
  operationId: string;
  /** The status the server answered with. */
  status: number;
  /** Default `response.status`. */
  location?: string;
  expected: string;
  actual: string;
  message: string;
  /** The register entries the behaviour is evidence for; default those of the operation. */
  discrepancy?: string[];
}

/**
 * Why an operation of a case has no answer to judge: it was `not-reached` (an input it needs is
 * missing because an earlier step failed, or the request budget ran out), or its call failed
 * without an answer (`error`: a connection error, a timeout).
 */
export interface StepNote {
  operationId: string;
  result: 'not-reached' | 'error';
  reason: string;
}

export interface CaseContext {
  target: ContractTarget;
  baseUrl: string;
  /** The typed client from src/, sending through the recording transport (no retries on the mock). */
  client: ConomyClient;
  /** A client like `client` whose requests reach the target without these headers (lower-case names). */
  clientWithout(headers: readonly string[]): ConomyClient;
  /** What this target's resources are created with. */
  fixtures: TargetFixtures;
  /** Every exchange of the case so far, oldest first. */
  exchanges: readonly Exchange[];
  /** What the runner will hold against one exchange (Prism violations, findings), one message each. */
  judge(exchange: Exchange): string[];
  /** Records a behavioural finding. A case with any finding fails; on the sandbox, findings are the drift. */
  report(kind: BehaviourKind, details: BehaviourReport): void;
  /** Records why an operation of this case could not be judged (see StepNote). */
  note(operationId: string, result: StepNote['result'], reason: string): void;
}

export interface ContractCase {
  operationId: string;
  /** The documented status this case makes the operation answer with (its coverage key). */
  status: number;
  /** Further statuses that also fulfil the case, e.g. 400 where the mock picks 422 for a refused body. */
  alternativeStatuses?: readonly number[];
  /** What the case does; shown in the test name. */
  title: string;
  /** Targets the case can run on; e.g. a case that relies on Prism's `Prefer` header is mock-only. */
  targets: readonly ContractTarget[];
  /** The case sends an invalid request on purpose, so Prism's request violations are expected. */
  invalidRequest?: boolean;
  run(context: CaseContext): Promise<void>;
}

export interface Exchange {
  method: string;
  /** Path relative to the target's base URL, without query. */
  path: string;
  /** The query string, without `?`. */
  query: string;
  operationId?: string;
  status: number;
  requestHeaders: Headers;
  requestBody: string;
  headers: Headers;
  bodyText: string;
  /** When the request was sent (ISO 8601) and how long its answer took, for the recorded exchanges. */
  startedAt: string;
  durationMs: number;
  /** What the validator found in this answer: every answer is judged once, when it arrives. */
  findings: Finding[];
  /** False for an answer that is outside the contract and was not judged (see judgeAnswer). */
  judged: boolean;
  /** An answer the client repeated the request after (see supersede); not judged either. */
  superseded?: boolean;
}

export interface CaseOutcome {
  exchanges: Exchange[];
  findings: Finding[];
  /** Failures that are not drift: wrong status observed, Prism violations, unknown paths. */
  problems: string[];
  notes: StepNote[];
  /** What `run` threw, if it did. Its calls up to then are judged all the same. */
  error?: Error;
}

export interface RunOptions {
  spec: ContractSpec;
  validator: ResponseValidator;
  target: ContractTarget;
  baseUrl: string;
  clientOptions: TargetClientOptions;
  fixtures: TargetFixtures;
  /** The HTTP transport; defaults to the global fetch. Injected by unit tests. */
  transport?: (request: Request) => Promise<Response>;
  /** Client options on top of the target's (e.g. a longer timeout on a real server). */
  clientTuning?: Partial<Pick<ConomyClientOptions, 'timeoutMs' | 'logLevel'>>;
  /**
   * A case still running after this long ends with an error and what it observed so far, so the
   * case (not the test runner) decides what a slow server costs. Default: no deadline.
   */
  deadlineMs?: number;
}

export async function runCase(contractCase: ContractCase, options: RunOptions): Promise<CaseOutcome> {
  const { spec, validator, target, baseUrl, clientOptions, fixtures, transport = fetch } = options;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const invalidRequest = contractCase.invalidRequest === true;
  const exchanges: Exchange[] = [];
  const reported: Finding[] = [];
  const notes: StepNote[] = [];
  let stopped = false;
  const recordingFetch = async (request: Request): Promise<Response> => {
    // A case cut off by its deadline may still be running: it sends nothing more.
    if (stopped) throw new Error('the case was stopped at its deadline; nothing more is sent');
    const requestBody = request.body === null ? '' : await request.clone().text();
    const startedAt = new Date();
    const response = await transport(request);
    const bodyText = await response.clone().text();
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length);
    const operationId = spec.findOperation(request.method, path)?.operationId;
    const exchange: Exchange = { ...exchangeOf({ request, requestBody, response, bodyText, startedAt, path, operationId }), findings: [], judged: false };
    Object.assign(exchange, judgeAnswer(exchange, validator, contractCase));
    supersede(exchanges.at(-1), exchange);
    exchanges.push(exchange);
    return response;
  };
  const clientFor = (credentials: Partial<TargetClientOptions>, send: (request: Request) => Promise<Response>) =>
    createConomyClient({
      ...clientOptions,
      ...options.clientTuning,
      ...credentials,
      baseUrl,
      fetch: send,
      // Forced 429s and 5xx must be observed once, not retried away.
      ...(target === 'mock' ? { maxRetries: 0 } : {}),
    } as ConomyClientOptions & { throwOnError?: true });

  const context: CaseContext = {
    target,
    baseUrl,
    fixtures,
    exchanges,
    client: clientFor({}, recordingFetch),
    clientWithout(headers) {
      // A token that is never sent need not be obtained (no POST /auth for it).
      const credentials = headers.includes('authorization')
        ? { clientId: undefined, clientSecret: undefined, accessToken: 'not-sent' }
        : {};
      return clientFor(credentials, (request) => recordingFetch(withoutHeaders(request, headers)));
    },
    judge: (exchange) => [...problemsOf(exchange, invalidRequest), ...exchange.findings.map(formatFinding)],
    report: (kind, details) => reported.push(behaviourFinding(spec, kind, details)),
    note: (operationId, result, reason) => notes.push({ operationId, result, reason }),
  };

  let error: Error | undefined;
  try {
    await withDeadline(contractCase.run(context), options.deadlineMs);
  } catch (thrown) {
    const exhausted = budgetExhaustion(thrown);
    if (exhausted) context.note(contractCase.operationId, 'not-reached', exhausted);
    else error = thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    stopped = true;
  }

  // A snapshot: a case cut off by its deadline may still be running.
  const observed = [...exchanges];
  const findings = [...observed.flatMap((exchange) => exchange.findings), ...reported];
  const problems = observed.flatMap((exchange) => problemsOf(exchange, invalidRequest));
  const outcome: CaseOutcome = { exchanges: observed, findings, problems, notes: [...notes], ...(error ? { error } : {}) };
  // A crash, a reported behaviour or a step that could not run already explains a missing answer.
  if (error || reported.length > 0 || notes.length > 0) return outcome;
  const statuses = [contractCase.status, ...(contractCase.alternativeStatuses ?? [])];
  const promised = observed.some((e) => e.operationId === contractCase.operationId && statuses.includes(e.status));
  if (!promised) {
    const seen = observed.map((e) => `${e.operationId ?? `${e.method} ${e.path}`} ${e.status}`).join(', ') || 'no call';
    problems.push(`expected ${contractCase.operationId} to answer ${statuses.join(' or ')}; observed: ${seen}`);
  }
  return outcome;
}

/** What a request and its answer tell of an exchange; how it was judged is for the caller to add. */
export function exchangeOf(call: {
  request: Request;
  requestBody: string;
  response: Response;
  bodyText: string;
  startedAt: Date;
  /** Relative to the target's base URL. */
  path: string;
  operationId: string | undefined;
}): Omit<Exchange, 'findings' | 'judged'> {
  const { request, response, startedAt, operationId } = call;
  return {
    method: request.method,
    path: call.path,
    query: new URL(request.url).search.slice(1),
    ...(operationId ? { operationId } : {}),
    status: response.status,
    requestHeaders: request.headers,
    requestBody: call.requestBody,
    headers: response.headers,
    bodyText: call.bodyText,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

/** `run`, or an error once `deadlineMs` has passed without it settling. */
async function withDeadline(run: Promise<void>, deadlineMs: number | undefined): Promise<void> {
  if (deadlineMs === undefined) return run;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the case did not finish within ${deadlineMs / 1000} s`)), deadlineMs);
  });
  try {
    await Promise.race([run, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function withoutHeaders(request: Request, names: readonly string[]): Request {
  const headers = new Headers(request.headers);
  for (const name of names) headers.delete(name);
  return new Request(request, { headers });
}

/**
 * The validator's findings on one answer (strict: undocumented properties too). What a server
 * makes of a request the case sent invalid on purpose is outside the contract: if it accepts it,
 * the case reports that acceptance, and the 2xx body it answered with is not judged.
 */
function judgeAnswer(
  exchange: Exchange,
  validator: ResponseValidator,
  contractCase: ContractCase,
): Pick<Exchange, 'findings' | 'judged'> {
  const { operationId, status, headers, bodyText } = exchange;
  const acceptedInvalid = contractCase.invalidRequest && operationId === contractCase.operationId && status < 300;
  if (!operationId || acceptedInvalid) return { findings: [], judged: false };
  return { findings: validator.validateResponse({ operationId, status, headers, bodyText }, { strict: true }), judged: true };
}

/**
 * The client repeats a request after a 429, and a GET, a DELETE or the token call after a 408,
 * 502, 503 or 504 too (src/internal/retry.ts); such a repeat follows its attempt directly. An answer it repeated is not judged: the server got over
 * it, and the transient fault is no drift. The last answer, the one the client kept, is judged.
 */
function supersede(previous: Exchange | undefined, next: Exchange): void {
  if (!previous || previous.method !== next.method || previous.path !== next.path || previous.query !== next.query) return;
  if (!isRetryableAnswer(previous.status, previous.method, previous.operationId === 'createAccessToken')) return;
  Object.assign(previous, { findings: [], judged: false, superseded: true });
}

/** What is wrong with an exchange that is no drift: an unknown path, Prism's violations. */
function problemsOf(exchange: Exchange, requestViolationsExpected: boolean): string[] {
  if (!exchange.operationId) return [`${exchange.method} ${exchange.path} matches no operation in openapi.yaml`];
  return prismViolations(exchange, requestViolationsExpected);
}

function behaviourFinding(spec: ContractSpec, kind: BehaviourKind, details: BehaviourReport): Finding {
  const operation = spec.operation(details.operationId);
  const discrepancy = details.discrepancy ?? discrepancyIdsOf(operation.node);
  return {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    status: details.status,
    kind,
    severity: severityOf(kind),
    location: details.location ?? 'response.status',
    expected: details.expected,
    actual: details.actual,
    message: details.message,
    ...(discrepancy.length > 0 ? { discrepancy } : {}),
  };
}

/**
 * Prism (started with --errors) puts what it found wrong into `sl-violations`. A response
 * violation means the spec's own example breaks its schema; a request violation means the
 * case sent something the spec forbids, which only an invalid-request case may do.
 */
function prismViolations(exchange: Exchange, requestViolationsExpected: boolean): string[] {
  const header = exchange.headers.get('sl-violations');
  if (!header) return [];
  let violations: { location?: string[]; message?: string }[];
  try {
    violations = JSON.parse(header) as typeof violations;
  } catch {
    return [`Prism sent an unreadable sl-violations header: ${header.slice(0, 200)}`];
  }
  return violations
    .filter((violation) => !(requestViolationsExpected && violation.location?.[0] === 'request'))
    .map((violation) => `Prism: ${violation.location?.join('.') ?? '?'}: ${violation.message ?? 'violation'}`);
}

/** Assertion message for a failed case: problems first, then findings. */
export function describeOutcome(outcome: CaseOutcome): string {
  return [...outcome.problems, ...outcome.findings.map(formatFinding)].join('\n');
}

/**
 * What a case whose `run` threw fails with: the original message, then what its calls up to the
 * crash showed, so a finding that may have caused the crash is not hidden behind it.
 */
export function crashFailure(error: Error, outcome: CaseOutcome): Error {
  const judged = describeOutcome(outcome);
  const message = judged === '' ? error.message : `${error.message}\nBefore it, the case's calls showed:\n${judged}`;
  return Object.assign(new Error(message, { cause: error }), { name: error.name });
}
