// Turns what a drift run observed into drift.json: one result per operation of the spec and every
// finding once. drift.md and drift.junit.xml are renderings of this object (render-markdown.ts,
// render-junit.ts), so the reports cannot disagree.
//
// Per operation:
//   drift        a finding names it;
//   ok           a documented 2xx answer of it was judged in this run, nothing was found, and the
//                budget kept none of its checks from being sent;
//   error        its call failed without an answer (connection error, timeout, unusable answer);
//   not-reached  it could not be called: an earlier step it needs failed, or the budget ran out;
//   skipped      it cannot be checked with this configuration, or nothing ran (could not run).
// Each finding is `new`, or `known` when drift-baseline.json acknowledges it (baseline.ts); each
// breaking one carries a suggested spec change, or why none (suggest.ts).
// Exit code: 2 when the run could not run or is incomplete, 1 when a new finding at or above
// DRIFT_FAIL_ON (default breaking) was found, else 0. Breaking findings win over incompleteness;
// known findings fail nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { VERDICTS } from '../../../lib/drift-history.mjs';
import { SEVERITIES, type Finding, type Severity } from '../../contract/judge/findings.js';
import type { ContractSpec } from '../../contract/spec/contract-spec.js';
import type { Baseline, BaselineEntry } from './baseline.js';
import { collectFindings, resolvedEntries } from './collect-findings.js';
import type { FailOn } from '../config.js';
import type { CleanupOutcome } from '../cleanup.js';
import { isJudged2xx, type CaseRecord, type ExchangeRecord } from '../records.js';
import type { NoSuggestion, ObservedAnswer, Suggestion } from './suggest.js';

export type OperationResult = 'ok' | 'drift' | 'not-reached' | 'skipped' | 'error';
export type Verdict = (typeof VERDICTS)[number];
/** Why a run could not run or is incomplete, for tools (the workflow's annotation). */
export type ReasonCode =
  | 'config-missing'
  | 'config-invalid'
  | 'target-unreachable'
  | 'auth-refused'
  | 'preflight-failed'
  | 'spec-invalid'
  | 'runner-failed'
  | 'incomplete';

export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  result: OperationResult;
  /** Every status of it that was judged in this run, ascending. */
  statuses: number[];
  requestId?: string;
  reason?: string;
}

export interface ReportedFinding extends Finding {
  /** The case that saw it first. */
  case: string;
  requestId?: string;
  /** How often the same finding was seen, when more than once. */
  occurrences?: number;
  /** The call that showed it, to repeat it (credentials masked). */
  request?: Pick<ExchangeRecord, 'method' | 'url' | 'requestHeaders' | 'requestBody'>;
  /** `known`: drift-baseline.json acknowledges it (`acknowledged` says how); it fails nothing. */
  baseline: 'new' | 'known';
  acknowledged?: Pick<BaselineEntry, 'register' | 'note' | 'date'>;
  /** Breaking findings: the spec change that would make the answer valid, or why there is none. */
  suggestion?: Suggestion;
  noSuggestion?: string;
}

/** What a replay judged (npm run drift -- --replay <file.har>). */
export interface ReplaySummary {
  file: string;
  entries: number;
  judged: number;
  /** Entries whose method and path match no operation of openapi.yaml. */
  unmatched: { entry: number; method: string; url: string; status: number; reason: string }[];
  /** Entries of an operation whose answer cannot be judged, and why. */
  unjudged: { entry: number; method: string; url: string; reason: string }[];
}

export interface DriftReport {
  tool: string;
  spec: { version: string; sha256: string };
  target: { kind: 'sandbox' | 'replay'; baseUrl: string };
  startedAt: string;
  finishedAt: string;
  failOn: FailOn;
  verdict: Verdict;
  exitCode: 0 | 1 | 2;
  reason?: string;
  reasonCode?: ReasonCode;
  summary: {
    operations: number;
    /** ok + drift: operations whose answers were judged. */
    checked: number;
    ok: number;
    drift: number;
    notReached: number;
    skipped: number;
    errors: number;
    /** Findings drift-baseline.json does not acknowledge, and those it does. */
    new: number;
    known: number;
    /** Baseline entries that no longer occur on an operation this run checked. */
    resolved: number;
  } & Record<Severity, number>;
  operations: OperationReport[];
  findings: ReportedFinding[];
  /** What went wrong that is no finding; each makes the run incomplete. */
  problems: string[];
  /**
   * What the run could not do that changes no verdict, e.g. the lint of the suggestions where
   * @redocly/cli is not installed.
   */
  notes: string[];
  requests: { sent: number; max: number; maxInFlight: number; rateLimited: number };
  checkoutTokenPrefix?: string;
  preflight?: string;
  cleanup?: CleanupOutcome[];
  baseline: {
    file: string;
    entries: number;
    /** Entries no finding of this run matched although it saw their place come back valid: remove them. */
    resolved: BaselineEntry[];
  };
  replay?: ReplaySummary;
}

export type SuggestFunction = (
  items: readonly { finding: Finding; answers: readonly ObservedAnswer[] }[],
) => (Suggestion | NoSuggestion | undefined)[];

export interface RunObservations {
  tool: string;
  /** What the report needs of the spec; an unreadable one has no operations (the run could not run). */
  spec: Pick<ContractSpec, 'file' | 'document' | 'operations'>;
  baseUrl: string;
  startedAt: string;
  finishedAt: string;
  failOn: FailOn;
  requests: DriftReport['requests'];
  /** Set when nothing could be checked (configuration, preflight); the report says only that. */
  couldNotRun?: { reason: string; code: ReasonCode };
  records: readonly CaseRecord[];
  /** Operations that cannot be checked with this configuration, and why. */
  skipped: Readonly<Record<string, string>>;
  problems: readonly string[];
  /** See DriftReport.notes. */
  notes?: readonly string[];
  checkoutTokenPrefix?: string;
  preflight?: string;
  cleanup?: CleanupOutcome[];
  /** Default: a run on the sandbox. */
  replay?: ReplaySummary;
  baseline?: Baseline;
  /** Works out the suggested spec changes (suggest.ts with the spec judged by). */
  suggest?: SuggestFunction;
}

export function buildReport(run: RunObservations): DriftReport {
  const { couldNotRun } = run;
  const findings = couldNotRun ? [] : collectFindings(run.records, run);
  const problems = couldNotRun ? [...run.problems] : [...run.problems, ...caseProblems(run.records)];
  const operations = run.spec.operations.map(({ operationId, method, path }) => ({
    operationId,
    method,
    path,
    ...judgeOperation(operationId, run, findings),
  }));
  const count = (result: OperationResult) => operations.filter((operation) => operation.result === result).length;
  const severities = Object.fromEntries(
    SEVERITIES.map((severity) => [severity, findings.filter((finding) => finding.severity === severity).length]),
  ) as Record<Severity, number>;
  const resolved = couldNotRun ? [] : resolvedEntries(run.baseline, findings, run.records);
  const summary = {
    operations: operations.length,
    checked: count('ok') + count('drift'),
    ok: count('ok'),
    drift: count('drift'),
    notReached: count('not-reached'),
    skipped: count('skipped'),
    errors: count('error'),
    new: findings.filter((finding) => finding.baseline === 'new').length,
    known: findings.filter((finding) => finding.baseline === 'known').length,
    resolved: resolved.length,
    ...severities,
  };
  const unexplainedSkips = operations.filter((operation) => operation.result === 'skipped' && !run.skipped[operation.operationId]);
  const verdict = verdictOf(run, summary, findings, problems, unexplainedSkips.length);
  return {
    tool: run.tool,
    spec: specIdentity(run.spec),
    target: { kind: run.replay ? 'replay' : 'sandbox', baseUrl: run.baseUrl },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    failOn: run.failOn,
    ...verdict,
    summary,
    operations,
    findings,
    problems,
    notes: [...(run.notes ?? [])],
    requests: run.requests,
    ...(run.checkoutTokenPrefix ? { checkoutTokenPrefix: run.checkoutTokenPrefix } : {}),
    ...(run.preflight ? { preflight: run.preflight } : {}),
    ...(run.cleanup ? { cleanup: run.cleanup } : {}),
    baseline: { file: run.baseline?.file ?? 'drift-baseline.json', entries: run.baseline?.entries.length ?? 0, resolved },
    ...(run.replay ? { replay: run.replay } : {}),
  };
}

function verdictOf(
  run: RunObservations,
  summary: DriftReport['summary'],
  findings: readonly ReportedFinding[],
  problems: string[],
  unexplainedSkips: number,
): Pick<DriftReport, 'verdict' | 'exitCode' | 'reason' | 'reasonCode'> {
  // Known findings are acknowledged: only new ones decide the verdict.
  const fresh = (severity: Severity) => findings.filter((finding) => finding.baseline === 'new' && finding.severity === severity).length;
  if (run.couldNotRun) return { verdict: 'could-not-run', exitCode: 2, reason: run.couldNotRun.reason, reasonCode: run.couldNotRun.code };
  const gaps = [
    summary.notReached > 0 ? `${summary.notReached} operation(s) not reached` : '',
    summary.errors > 0 ? `${summary.errors} operation(s) could not be checked (result "error")` : '',
    unexplainedSkips > 0 ? `${unexplainedSkips} operation(s) exercised by no case on this target` : '',
    problems.length > 0 ? `${problems.length} problem(s) outside the findings` : '',
    summary.checked === 0 ? 'no operation was checked' : '',
  ].filter(Boolean);
  // Drift that fails the run is the verdict even when not everything was checked; the gaps are its reason.
  const reason = gaps.length > 0 ? { reason: gaps.join('; ') } : {};
  if (fresh('breaking') > 0) return { verdict: 'breaking', exitCode: 1, ...reason };
  if (run.failOn === 'warning' && fresh('warning') > 0) return { verdict: 'warning', exitCode: 1, ...reason };
  if (gaps.length > 0) return { verdict: 'incomplete', exitCode: 2, reason: gaps.join('; '), reasonCode: 'incomplete' };
  if (fresh('warning') > 0) return { verdict: 'warning', exitCode: 0 };
  return { verdict: fresh('additive') > 0 ? 'additive' : 'ok', exitCode: 0 };
}

function judgeOperation(
  operationId: string,
  run: RunObservations,
  findings: readonly ReportedFinding[],
): Pick<OperationReport, 'result' | 'statuses' | 'requestId' | 'reason'> {
  if (run.couldNotRun) return { result: 'skipped', statuses: [], reason: `not run: ${run.couldNotRun.reason}` };
  const answers = run.records
    .flatMap((record) => record.exchanges)
    .filter((exchange) => exchange.operationId === operationId && !exchange.superseded);
  // Every answer kept (an accepted invalid request's 2xx too); only a judged 2xx makes it ok.
  const statuses = [...new Set(answers.map((exchange) => exchange.status))].sort((a, b) => a - b);
  const own = findings.filter((finding) => finding.operationId === operationId);
  const withId = (requestId: string | undefined) => (requestId ? { requestId } : {});
  if (own[0]) return { result: 'drift', statuses, ...withId(own[0].requestId) };

  const notes = run.records.flatMap((record) => record.notes).filter((note) => note.operationId === operationId);
  // Each flow that needed it says why it could not; the same reason once.
  const reasons = (result: string) => [...new Set(notes.filter((note) => note.result === result).map((note) => note.reason))].join('; ');
  // A check the budget kept from being sent leaves the operation unchecked, whatever else passed.
  const unsent = notes.find((note) => note.unsent);
  if (unsent) return { result: 'not-reached', statuses, reason: unsent.reason };
  const success = answers.find(isJudged2xx);
  if (success) return { result: 'ok', statuses, ...withId(success.requestId) };
  if (reasons('error')) return { result: 'error', statuses, reason: reasons('error') };
  if (reasons('not-reached')) return { result: 'not-reached', statuses, reason: reasons('not-reached') };
  const skipped = run.skipped[operationId];
  if (skipped) return { result: 'skipped', statuses, reason: skipped };
  const budget = run.requests.sent >= run.requests.max ? ' before the request budget was used up' : '';
  if (statuses.length > 0) {
    return { result: 'not-reached', statuses, reason: `no case got a documented 2xx answer from it${budget} (seen: ${statuses.join(', ')})` };
  }
  if (budget) return { result: 'not-reached', statuses, reason: `no case reached it${budget}` };
  return { result: 'skipped', statuses, reason: 'no contract case exercises it on this target' };
}

function caseProblems(records: readonly CaseRecord[]): string[] {
  return records.flatMap((record) => [
    ...record.problems.map((problem) => `${record.name}: ${problem}`),
    ...(record.error ? [`${record.name}: ${record.error}`] : []),
  ]);
}

function specIdentity(spec: RunObservations['spec']): DriftReport['spec'] {
  const info = spec.document.info as { version?: unknown } | undefined;
  return { version: String(info?.version ?? ''), sha256: createHash('sha256').update(readFileSync(spec.file)).digest('hex') };
}

/** The findings of one operation, in report order. */
export function findingsOf(report: DriftReport, operationId: string): ReportedFinding[] {
  return report.findings.filter((finding) => finding.operationId === operationId);
}
