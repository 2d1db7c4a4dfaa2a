// The case table: a contract case says which (operation, status) pair it covers and how to
// provoke it. The runner records every HTTP exchange the case makes, judges each response
// with the one validator, and checks that the promised pair was actually observed.
import { formatFinding, type Finding } from './findings.js';
import type { ContractSpec } from './spec.js';
import type { ContractTarget } from './target.js';
import type { ResponseValidator } from './validator.js';

declare module 'vitest' {
  // What a contract test leaves for the run summary (summary-reporter.ts).
  interface TaskMeta {
    contract?: { target: ContractTarget; operationId: string; status: number; findings: Finding[] };
  }
}

export interface CaseContext {
  target: ContractTarget;
  baseUrl: string;
  /** Use this fetch (also for the typed client) so every exchange is recorded and judged. */
  fetch: typeof fetch;
  /** Credentials and User-Agent every authenticated call sends on this target. */
  credentials: Record<string, string>;
}

export interface ContractCase {
  operationId: string;
  /** The documented status this case makes the operation answer with. */
  status: number;
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
  operationId?: string;
  status: number;
  headers: Headers;
  bodyText: string;
}

export interface CaseOutcome {
  exchanges: Exchange[];
  findings: Finding[];
  /** Failures that are not drift: wrong status observed, Prism violations, unknown paths. */
  problems: string[];
}

export interface RunOptions {
  spec: ContractSpec;
  validator: ResponseValidator;
  target: ContractTarget;
  baseUrl: string;
  credentials: Record<string, string>;
  /** The HTTP transport; defaults to the global fetch. Injected by unit tests. */
  transport?: typeof fetch;
}

export async function runCase(contractCase: ContractCase, options: RunOptions): Promise<CaseOutcome> {
  const { spec, validator, target, baseUrl, credentials, transport = fetch } = options;
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const exchanges: Exchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await transport(request);
    const path = new URL(request.url).pathname.slice(basePath.length);
    const operationId = spec.findOperation(request.method, path)?.operationId;
    const bodyText = await response.clone().text();
    exchanges.push({ method: request.method, path, operationId, status: response.status, headers: response.headers, bodyText });
    return response;
  };

  await contractCase.run({ target, baseUrl, fetch: recordingFetch, credentials });

  const findings: Finding[] = [];
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const { method, path, operationId, status, headers, bodyText } = exchange;
    if (!operationId) {
      problems.push(`${method} ${path} matches no operation in openapi.yaml`);
      continue;
    }
    findings.push(...validator.validateResponse({ operationId, status, headers, bodyText }, { strict: true }));
    problems.push(...prismViolations(exchange, contractCase.invalidRequest === true));
  }
  const observed = exchanges.some((e) => e.operationId === contractCase.operationId && e.status === contractCase.status);
  if (!observed) {
    const seen = exchanges.map((e) => `${e.operationId ?? `${e.method} ${e.path}`} ${e.status}`).join(', ') || 'no call';
    problems.push(`expected ${contractCase.operationId} to answer ${contractCase.status}; observed: ${seen}`);
  }
  return { exchanges, findings, problems };
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
