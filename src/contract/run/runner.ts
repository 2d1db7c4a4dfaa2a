// Runs one contract case (case.ts) through the real client from src/. The runner records every
// HTTP exchange the case makes, judges each response with the one validator as it arrives (once:
// the findings stay on the exchange), and checks that the promised pair was actually observed,
// unless the case already explains why not (a finding, a crash, a step it noted as not reached).
import { createConomyClient, type ConomyClientOptions } from '../../index.js';
import { isRetryableAnswer } from '../../internal/retry.js';
import { discrepancyIdsOf } from '../judge/discrepancy.js';
import { formatFinding, severityOf, type Finding } from '../judge/findings.js';
import type { ResponseValidator } from '../judge/validator.js';
import type { ContractSpec } from '../spec/contract-spec.js';
import { notSentReason, type BehaviourKind, type BehaviourReport, type CaseContext, type CaseOutcome, type ContractCase, type Exchange, type StepNote } from './case.js';
import type { ContractTarget, TargetClientOptions, TargetFixtures } from './target.js';

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
  /**
   * What the target itself says is wrong with an exchange, beyond the findings (the Prism mock's
   * sl-violations header); `invalidRequest` is set when the case sent an invalid request on purpose.
   */
  targetProblems?: (headers: Headers, invalidRequest: boolean) => string[];
}

export async function runCase(contractCase: ContractCase, options: RunOptions): Promise<CaseOutcome> {
  const { spec, validator, target, baseUrl, clientOptions, fixtures, transport = fetch } = options;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const invalidRequest = contractCase.invalidRequest === true;
  /** What is wrong with an exchange that is no drift: an unknown path, what the target objected to. */
  const problemsOf = (exchange: Exchange): string[] => {
    if (!exchange.operationId) return [`${exchange.method} ${exchange.path} matches no operation in openapi.yaml`];
    return options.targetProblems?.(exchange.headers, invalidRequest) ?? [];
  };
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
    judge: (exchange) => [...problemsOf(exchange), ...exchange.findings.map(formatFinding)],
    report: (kind, details) => reported.push(behaviourFinding(spec, kind, details)),
    note: (operationId, result, reason, details) => notes.push({ operationId, result, reason, ...details }),
  };

  let error: Error | undefined;
  try {
    await withDeadline(contractCase.run(context), options.deadlineMs);
  } catch (thrown) {
    const unsent = notSentReason(thrown);
    if (unsent) context.note(contractCase.operationId, 'not-reached', unsent, { unsent: true });
    else error = thrown instanceof Error ? thrown : new Error(String(thrown));
  } finally {
    stopped = true;
  }

  // A snapshot: a case cut off by its deadline may still be running.
  const observed = [...exchanges];
  const findings = [...observed.flatMap((exchange) => exchange.findings), ...reported];
  const problems = observed.flatMap(problemsOf);
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
