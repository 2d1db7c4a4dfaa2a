// The case model: a contract case says which (operation, status) pair it covers and how to
// provoke it, through the real client from src/ (ContractCase); what it runs with (CaseContext);
// and what running it yields (Exchange, CaseOutcome). runner.ts runs one; ../cases/ holds the
// cases that may run on any target, tests/contract/cases/ those that rely on the Prism mock.
import type { ConomyClient } from '../../index.js';
import type { Finding, FindingKind } from '../judge/findings.js';
import type { ContractTarget, TargetFixtures } from './target.js';

/** Findings about the API's behaviour (not a single response) that a case reports itself. */
export type BehaviourKind = Extract<
  FindingKind,
  'request-rejected' | 'request-accepted' | 'auth-not-enforced' | 'unavailable-after-create' | 'filter-ignored' | 'available-after-delete'
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
  /**
   * The operation's request was never sent: the transport refused it (RequestNotSent, a drift run's
   * budget). Such an operation is not checked, whatever else of it passed.
   */
  unsent?: true;
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
  note(operationId: string, result: StepNote['result'], reason: string, details?: Pick<StepNote, 'unsent'>): void;
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

/**
 * Thrown by a transport that refuses to send a request at all (a drift run's request budget is used
 * up). Nothing reached the server: the case notes its operation as not reached, with this message.
 */
export class RequestNotSent extends Error {
  override name = 'RequestNotSent';
}

/**
 * The message of a RequestNotSent anywhere in an error's cause chain (the client wraps what its
 * fetch throws in a ConomyConnectionError, keeping a masked copy as the cause), else undefined.
 */
export function notSentReason(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === RequestNotSent.name) return current.message;
  }
  return undefined;
}
