// The case table: a contract case says which (operation, status) pair it covers and how to
// provoke it, through the real client from src/. The runner records every HTTP exchange the
// case makes, judges each response with the one validator, and checks that the promised pair
// was actually observed.
import { createConomyClient, type ConomyClient, type ConomyClientOptions } from '../../../src/index.js';
import { discrepancyIdsOf } from './discrepancy.js';
import { formatFinding, severityOf, type Finding, type FindingKind } from './findings.js';
import type { ContractSpec } from './spec.js';
import type { ContractTarget, TargetClientOptions, TargetFixtures } from './target.js';
import type { ResponseValidator } from './validator.js';

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
}

export interface CaseOutcome {
  exchanges: Exchange[];
  findings: Finding[];
  /** Failures that are not drift: wrong status observed, Prism violations, unknown paths. */
  problems: string[];
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
}

export async function runCase(contractCase: ContractCase, options: RunOptions): Promise<CaseOutcome> {
  const { spec, validator, target, baseUrl, clientOptions, fixtures, transport = fetch } = options;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const exchanges: Exchange[] = [];
  const reported: Finding[] = [];
  const recordingFetch = async (request: Request): Promise<Response> => {
    const requestBody = request.body === null ? '' : await request.clone().text();
    const response = await transport(request);
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length);
    exchanges.push({
      method: request.method,
      path,
      query: url.search.slice(1),
      operationId: spec.findOperation(request.method, path)?.operationId,
      status: response.status,
      requestHeaders: request.headers,
      requestBody,
      headers: response.headers,
      bodyText: await response.clone().text(),
    });
    return response;
  };
  const invalidRequest = contractCase.invalidRequest === true;
  const clientFor = (credentials: Partial<TargetClientOptions>, send: (request: Request) => Promise<Response>) =>
    createConomyClient({
      ...clientOptions,
      ...credentials,
      baseUrl,
      fetch: send,
      // Forced 429s and 5xx must be observed once, not retried away.
      ...(target === 'mock' ? { maxRetries: 0 } : {}),
    } as ConomyClientOptions & { throwOnError?: true });

  let error: Error | undefined;
  try {
    await contractCase.run({
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
      judge: (exchange) => {
        const { findings, problems } = judgeExchange(exchange, spec, validator, invalidRequest);
        return [...problems, ...findings.map(formatFinding)];
      },
      report: (kind, details) => reported.push(behaviourFinding(spec, kind, details)),
    });
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  }

  const findings: Finding[] = [];
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const judged = judgeExchange(exchange, spec, validator, invalidRequest);
    findings.push(...judged.findings);
    problems.push(...judged.problems);
  }
  findings.push(...reported);
  // The crash, like a reported behaviour, already explains why the promised answer never came.
  if (error) return { exchanges, findings, problems, error };
  const statuses = [contractCase.status, ...(contractCase.alternativeStatuses ?? [])];
  const observed = exchanges.some((e) => e.operationId === contractCase.operationId && statuses.includes(e.status));
  if (!observed && reported.length === 0) {
    const seen = exchanges.map((e) => `${e.operationId ?? `${e.method} ${e.path}`} ${e.status}`).join(', ') || 'no call';
    problems.push(`expected ${contractCase.operationId} to answer ${statuses.join(' or ')}; observed: ${seen}`);
  }
  return { exchanges, findings, problems };
}

function withoutHeaders(request: Request, names: readonly string[]): Request {
  const headers = new Headers(request.headers);
  for (const name of names) headers.delete(name);
  return new Request(request, { headers });
}

function judgeExchange(
  exchange: Exchange,
  spec: ContractSpec,
  validator: ResponseValidator,
  requestViolationsExpected: boolean,
): { findings: Finding[]; problems: string[] } {
  const { method, path, operationId, status, headers, bodyText } = exchange;
  if (!operationId) return { findings: [], problems: [`${method} ${path} matches no operation in openapi.yaml`] };
  return {
    findings: validator.validateResponse({ operationId, status, headers, bodyText }, { strict: true }),
    problems: prismViolations(exchange, requestViolationsExpected),
  };
}

function behaviourFinding(spec: ContractSpec, kind: BehaviourKind, details: BehaviourReport): Finding {
  const operation = spec.operation(details.operationId);
  const discrepancy = discrepancyIdsOf(operation.node);
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
