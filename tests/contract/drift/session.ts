// The two ends of a drift run. `prepareDriftRun` reads the configuration once and sends the
// preflight (the contract project's global setup calls it and provides the result to the test
// files); `finishDriftRun` takes what the cases recorded, deletes what they left behind, and writes
// the three reports (the drift reporter calls it when the cases are done). A test can run both
// ends and the cases in between in its own process (tests/drift/harness.ts).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMasker } from '../../../src/internal/secrets.js';
import { DEFAULT_SPEC_PATH, loadSpec } from '../support/spec.js';
import { cleanUp, leftovers } from './cleanup.js';
import {
  DEFAULT_SANDBOX_URL,
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
import { createBudget } from './http.js';
import { preflight, PreflightError } from './preflight.js';
import { firstLines, type CaseRecord } from './records.js';
import { buildReport, type DriftReport, type ReasonCode } from './report.js';
import { registerAnchors, renderJunit, renderMarkdown, verdictLine } from './render.js';

const REGISTER = fileURLToPath(new URL('../../../docs/discrepancies.md', import.meta.url));

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
  const base = {
    startedAt,
    baseUrl: config.baseUrl,
    reportsDir: config.reportsDir,
    failOn: config.failOn,
    maxRequests: config.maxRequests,
    secrets: secretsOf(config),
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
  return {
    state: 'could-not-run',
    reason,
    code,
    problems,
    startedAt: new Date().toISOString(),
    baseUrl: read.ok ? read.config.baseUrl : displayUrl(env.CONOMY_BASE_URL),
    reportsDir: read.ok ? read.config.reportsDir : read.reportsDir,
    failOn: read.ok ? read.config.failOn : 'breaking',
    maxRequests: read.ok ? read.config.maxRequests : REQUEST_BUDGET,
    requestsSent: 0,
    rateLimited: 0,
    secrets: secretsInEnvironment(env),
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
}

/** Cleans up, writes reports/drift.{json,md,junit.xml} (atomically, masked) and prints the verdict. */
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
  const report = buildReport({
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
  });
  const files = reportFiles(report, session.reportsDir, options.env ?? {}, mask);
  mkdirSync(session.reportsDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeAtomically(join(session.reportsDir, name), text);
  printVerdict(report, print);
  print(`drift: reports written to ${Object.keys(files).map((name) => shown(join(session.reportsDir, name))).join(', ')}`);
  return { report: JSON.parse(files['drift.json'] ?? '{}') as DriftReport, files };
}

function reportFiles(report: DriftReport, reportsDir: string, env: Record<string, string | undefined>, mask: (text: string) => string) {
  const registerUrl = githubRegisterUrl(env) ?? relative(reportsDir, REGISTER).split('\\').join('/');
  const anchors = registerAnchors(readFileSync(REGISTER, 'utf8'));
  return {
    'drift.json': mask(`${JSON.stringify(report, null, 2)}\n`),
    'drift.md': mask(renderMarkdown(report, { anchors, registerUrl })),
    'drift.junit.xml': mask(renderJunit(report)),
  };
}

function printVerdict(report: DriftReport, print: (line: string, stream?: 'stdout' | 'stderr') => void): void {
  if (report.verdict === 'could-not-run') {
    for (const problem of report.problems) print(`drift: ${problem}`, 'stderr');
    print(`drift: could not run: ${report.reason}`, 'stderr');
    return;
  }
  for (const { severity, kind, operationId, status, location, message } of report.findings) {
    print(`drift: ${severity} ${kind}: ${operationId} ${status} at ${location}: ${message}`);
  }
  for (const operation of report.operations.filter((entry) => !['ok', 'drift'].includes(entry.result))) {
    print(`drift: ${operation.result}: ${operation.operationId}: ${operation.reason ?? ''}`);
  }
  for (const problem of report.problems) print(`drift: problem: ${problem}`);
  for (const { kind, id, outcome } of report.cleanup ?? []) print(`drift: cleanup: ${kind} ${id}: ${outcome}`);
  const { requests } = report;
  print(`drift: ${verdictLine(report)}; ${requests.sent} request(s), ${requests.rateLimited} repeated after a 429`);
}

/** A path relative to the working directory when it is below it, else absolute. */
function shown(file: string): string {
  const below = relative(process.cwd(), file);
  return below.startsWith('..') || isAbsolute(below) ? file : below;
}

function defaultPrint(line: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stderr' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** In GitHub Actions the report is also shown in the job summary, where relative links break. */
function githubRegisterUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server && repository && sha ? `${server}/${repository}/blob/${sha}/docs/discrepancies.md` : undefined;
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
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
