// The two ends of a drift run. `prepareDriftRun` reads the configuration once and sends the
// preflight (the contract project's global setup calls it and provides the result to the test
// files); `finishDriftRun` takes what the cases recorded, deletes what they left behind, and writes
// the three reports (the drift reporter calls it when the cases are done). A test can run both
// ends and the cases in between in its own process (tests/drift/harness.ts).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { VERSION } from '../../../src/index.js';
import { createMasker } from '../../../src/internal/secrets.js';
import { DEFAULT_SPEC_PATH, loadSpec } from '../support/spec/contract-spec.js';
import { BaselineError, readBaseline, readRegisterIds, type Baseline } from './baseline.js';
import { cleanUp, leftovers } from './cleanup.js';
import {
  DEFAULT_SANDBOX_URL,
  driftFiles,
  DRIFT_USER_AGENT,
  MAX_IN_FLIGHT,
  readDriftConfig,
  REQUEST_BUDGET,
  secretsInEnvironment,
  secretsOf,
  TOOL,
  type DriftConfig,
  type FailOn,
} from './config.js';
import { withLintedSuggestions } from './apply.js';
import { harOf } from './har.js';
import { historyLine } from '../../../lib/drift-history.mjs';
import { createBudget } from './http.js';
import { defaultPrint, reportFiles, shown, writeReports } from './output.js';
import { preflight, PreflightError } from './preflight.js';
import { firstLines, type CaseRecord } from './records.js';
import { buildReport, type DriftReport, type ReasonCode } from './report.js';
import { suggestSpecChanges } from './suggest.js';

interface SessionBase {
  startedAt: string;
  /** For the reports: the configured base URL, or what could be shown of an invalid one. */
  baseUrl: string;
  reportsDir: string;
  failOn: FailOn;
  maxRequests: number;
  /** Requests the preflight sent (its 429 repeats included). */
  requestsSent: number;
  rateLimited: number;
  /** Every credential value of the run, to mask in everything written or printed. */
  secrets: string[];
  /** drift-baseline.json as read (empty when it could not be). */
  baseline: Baseline;
  historyFile: string;
}

export interface ReadySession extends SessionBase {
  state: 'ready';
  config: DriftConfig;
  accessToken: string;
  /** Every checkoutToken the run creates starts with this; cleanup touches nothing else. */
  checkoutTokenPrefix: string;
  /** e.g. `POST /auth 200`. */
  check: string;
  preflight: CaseRecord;
  /** Operations that cannot be checked with this configuration, and why. */
  skipped: Record<string, string>;
}

export interface UnreadySession extends SessionBase {
  state: 'could-not-run';
  reason: string;
  code: ReasonCode;
  problems: string[];
}

export type DriftSession = ReadySession | UnreadySession;

export interface PrepareOptions {
  fetch?: (request: Request) => Promise<Response>;
  /** Default `drift-<time>-<random>`. */
  checkoutTokenPrefix?: string;
}

export async function prepareDriftRun(env: Record<string, string | undefined>, options: PrepareOptions = {}): Promise<DriftSession> {
  const read = readDriftConfig(env);
  if (!read.ok) {
    const missing = read.problems.some((problem) => / is not set: /.test(problem));
    const reason = `configuration missing or invalid (${read.problems.length} problem(s)); no request was sent`;
    return couldNotRun(env, missing ? 'config-missing' : 'config-invalid', reason, read.problems);
  }
  const startedAt = new Date().toISOString();
  const { config } = read;
  let baseline: Baseline;
  try {
    baseline = readBaseline(config.baselineFile);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    return couldNotRun(env, 'config-invalid', 'the drift baseline cannot be used; no request was sent', [error.message]);
  }
  const base = {
    startedAt,
    baseUrl: config.baseUrl,
    reportsDir: config.reportsDir,
    failOn: config.failOn,
    maxRequests: config.maxRequests,
    secrets: secretsOf(config),
    baseline,
    historyFile: config.historyFile,
  };
  const budget = createBudget(config.maxRequests);
  const unready = (code: ReasonCode, reason: string): UnreadySession => ({
    ...base,
    state: 'could-not-run',
    reason,
    code,
    problems: [],
    requestsSent: budget.sent,
    rateLimited: budget.rateLimited,
  });
  let checked;
  try {
    checked = await preflight(config, { budget, secrets: base.secrets, ...(options.fetch ? { fetch: options.fetch } : {}) });
  } catch (error) {
    if (error instanceof PreflightError) return unready(error.code, error.message);
    // A bug of ours, not the server's: still a report that says so.
    return unready('runner-failed', `the preflight failed unexpectedly: ${firstLines(error)}`);
  }
  if (budget.sent >= budget.max) {
    return unready('config-invalid', `DRIFT_MAX_REQUESTS=${config.maxRequests} leaves no request for the contract cases after the preflight`);
  }
  return {
    ...base,
    state: 'ready',
    secrets: [...base.secrets, checked.accessToken],
    config,
    accessToken: checked.accessToken,
    checkoutTokenPrefix: options.checkoutTokenPrefix ?? `drift-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`,
    check: checked.check,
    preflight: checked.record,
    skipped:
      'accessToken' in config.credentials
        ? { createAccessToken: 'CONOMY_ACCESS_TOKEN is used instead of client credentials, so the token call cannot succeed' }
        : {},
    requestsSent: budget.sent,
    rateLimited: budget.rateLimited,
  };
}

/**
 * A run that stops before any request: a configuration that cannot be used, or an openapi.yaml the
 * suite cannot judge by (the global setup's spec gate). The report still says where it would have run.
 */
export function couldNotRun(
  env: Record<string, string | undefined>,
  code: ReasonCode,
  reason: string,
  problems: string[],
): UnreadySession {
  const read = readDriftConfig(env);
  const files = driftFiles(env);
  let baseline: Baseline = { file: files.baselineFile, entries: [] };
  try {
    baseline = readBaseline(files.baselineFile);
  } catch {
    // A run that cannot run judges nothing against the baseline; when it is the baseline that
    // stops the run, the problems say so.
  }
  return {
    state: 'could-not-run',
    reason,
    code,
    problems,
    startedAt: new Date().toISOString(),
    baseUrl: read.ok ? read.config.baseUrl : displayUrl(env.CONOMY_BASE_URL),
    reportsDir: files.reportsDir,
    failOn: read.ok ? read.config.failOn : 'breaking',
    maxRequests: read.ok ? read.config.maxRequests : REQUEST_BUDGET,
    requestsSent: 0,
    rateLimited: 0,
    secrets: secretsInEnvironment(env),
    baseline,
    historyFile: files.historyFile,
  };
}

export interface FinishOptions {
  /** Problems outside the cases (a test file that failed to load, an unhandled error), unmasked. */
  problems?: readonly string[];
  /** Where the lines of the run's verdict go (default: stdout; could-not-run problems to stderr). */
  print?: (line: string, stream: 'stdout' | 'stderr') => void;
  fetch?: (request: Request) => Promise<Response>;
  /** GitHub Actions' variables, to link the register on github.com from the job summary. */
  env?: Record<string, string | undefined>;
  /**
   * Lint the spec with every suggestion applied, to say which house rule each would break
   * (default true; it costs one `redocly lint`, which tests running many servers in a row skip).
   */
  lintSuggestions?: boolean;
}

/**
 * Cleans up, writes reports/drift.{json,md,junit.xml,har} (atomically, masked), appends the run to
 * the history file and prints the verdict.
 */
export async function finishDriftRun(
  session: DriftSession,
  records: readonly CaseRecord[],
  options: FinishOptions = {},
): Promise<{ report: DriftReport; files: Record<string, string> }> {
  const mask = createMasker(session.secrets);
  const print = (line: string, stream: 'stdout' | 'stderr' = 'stdout') =>
    (options.print ?? defaultPrint)(mask(line), stream);
  const all = session.state === 'ready' ? [session.preflight, ...records] : [];
  const sum = (count: (record: CaseRecord) => number) => records.reduce((total, record) => total + count(record), 0);
  const budget = createBudget(
    session.maxRequests,
    session.requestsSent + sum((record) => record.requests.sent),
    session.rateLimited + sum((record) => record.requests.rateLimited),
  );
  const cleanup =
    session.state === 'ready'
      ? await cleanUp(leftovers(all, session.checkoutTokenPrefix), {
          baseUrl: session.config.baseUrl,
          headers: { 'x-api-key': session.config.apiKey, authorization: `Bearer ${session.accessToken}`, 'user-agent': DRIFT_USER_AGENT },
          budget,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        })
      : undefined;
  const built = buildReport({
    tool: TOOL,
    spec: specForReport(),
    baseUrl: session.baseUrl,
    startedAt: session.startedAt,
    finishedAt: new Date().toISOString(),
    failOn: session.failOn,
    requests: { sent: budget.sent, max: session.maxRequests, maxInFlight: MAX_IN_FLIGHT, rateLimited: budget.rateLimited },
    records: all,
    skipped: session.state === 'ready' ? session.skipped : {},
    problems: session.state === 'ready' ? [...(options.problems ?? [])] : session.problems,
    ...(session.state === 'ready'
      ? { checkoutTokenPrefix: session.checkoutTokenPrefix, preflight: session.check }
      : { couldNotRun: { reason: session.reason, code: session.code } }),
    ...(cleanup ? { cleanup } : {}),
    baseline: { ...session.baseline, file: shown(session.baseline.file) },
    suggest: (items) => suggestSpecChanges(items, loadSpec(), [...readRegisterIds()]),
  });
  const report = options.lintSuggestions === false ? built : { ...built, findings: await withLintedSuggestions(built.findings, DEFAULT_SPEC_PATH) };
  const har = harOf(all, { name: TOOL, version: VERSION }, session.baseUrl);
  const files: Record<string, string> = {
    ...reportFiles(report, session.reportsDir, options.env ?? {}, mask),
    'drift.har': mask(`${JSON.stringify(har, null, 2)}\n`),
  };
  writeReports(report, session.reportsDir, files, print);
  try {
    mkdirSync(dirname(session.historyFile), { recursive: true });
    appendFileSync(session.historyFile, mask(historyLine(report)));
  } catch (error) {
    // The reports are written; a history that cannot grow is said, and changes no verdict.
    print(`drift: the run could not be appended to the history file ${shown(session.historyFile)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'stderr');
  }
  return { report: JSON.parse(files['drift.json'] ?? '{}') as DriftReport, files };
}

/** The configured base URL without anything that could be a credential. */
/** The spec the run judged by; one that does not even load (the spec gate said why) has no operations. */
function specForReport(): Parameters<typeof buildReport>[0]['spec'] {
  try {
    return loadSpec();
  } catch {
    return { file: DEFAULT_SPEC_PATH, document: {}, operations: [] };
  }
}

function displayUrl(text: string | undefined): string {
  if (!text?.trim()) return DEFAULT_SANDBOX_URL;
  try {
    const url = new URL(text.trim());
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(not a valid URL)';
  }
}
