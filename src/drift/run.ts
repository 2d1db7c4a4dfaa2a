// A drift run, start to end, in one process: `runDrift(config)` checks a real Conomy server (by
// default the sandbox) against openapi.yaml and writes the reports. In order:
//   1. the spec gate: an openapi.yaml the cases cannot judge by stops the run (spec-invalid);
//   2. the configuration (parsed once by readDriftConfig) and the baseline: a problem stops it;
//   3. the preflight, one request: is the server there, does it take the credentials;
//   4. the cases that may run on a real server (src/contract/cases/), one after another, through
//      one DriftTransport that holds the run's limits;
//   5. the cleanup of what the cases created and left behind;
//   6. the reports (report/write-reports.ts), also for a run that stopped: they say why.
// A run that stops early is a DriftStopped with its reason code; nothing here reads an error's text.
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_VERSION } from '../index.js';
import { Redactor } from '../internal/log.js';
import { lintUnavailable } from '../../lib/redocly-lint.mjs';
import { sandboxCases } from '../contract/cases/index.js';
import { firstLines } from '../contract/first-lines.js';
import type { ContractCase } from '../contract/run/case.js';
import { runCase } from '../contract/run/runner.js';
import type { TargetClientOptions, TargetFixtures } from '../contract/run/target.js';
import { responseValidatorFor } from '../contract/judge/validator.js';
import { DEFAULT_SPEC_PATH, loadSpec, type ContractSpec } from '../contract/spec/contract-spec.js';
import { createdKind } from '../contract/spec/resources.js';
import { specProblems } from '../contract/spec/spec-gate.js';
import { cleanUp, leftovers, type CleanupOutcome } from './cleanup.js';
import { DRIFT_USER_AGENT, MAX_IN_FLIGHT, TOOL, type ConfigResult } from './config.js';
import { DriftStopped } from './errors.js';
import { preflight, PreflightError } from './preflight.js';
import { caseRecord, isJudged2xx, type CaseRecord, type RequestCount } from './records.js';
import { BaselineError, readBaseline, type Baseline } from './report/baseline.js';
import type { RunObservations } from './report/build-report.js';
import { REPORT_FILES } from './report/files.js';
import { shown, writeReports, type Print, type WrittenReport } from './report/write-reports.js';
import { DriftTransport } from './transport.js';

/** A case still running after this long on a real server ends with what it saw. */
const CASE_DEADLINE_MS = 240_000;
/** A real server may answer slowly; each attempt of the client gets this long. */
const CLIENT_TIMEOUT_MS = 60_000;

/** What a run tells while it goes, for a progress line (cli/progress.ts). */
export type DriftEvent =
  | { type: 'preflight'; check: string; requests: number; maxRequests: number }
  /** `name`: the case's operation, the status its last call of it was answered with, and the case's title. */
  | { type: 'case'; name: string; checked: number; operations: number; requests: number; maxRequests: number }
  | { type: 'request'; requests: number; maxRequests: number }
  | { type: 'cleanup'; resources: number; requests: number; maxRequests: number };

export interface RunOptions {
  /** The HTTP transport under the run's limits; default the global fetch. Injected by tests. */
  fetch?: (request: Request) => Promise<Response>;
  /** Default `drift-<time>-<random>`. */
  checkoutTokenPrefix?: string;
  /** The cases to run; default every case that may run on a real server. */
  cases?: readonly ContractCase[];
  onEvent?: (event: DriftEvent) => void;
  /** Where the verdict lines go; default stdout (could-not-run problems to stderr). */
  print?: Print;
  /** GitHub Actions' variables, to link the register on github.com from the job summary. */
  env?: Record<string, string | undefined>;
  /** See ReportOptions.lintSuggestions. */
  lintSuggestions?: boolean;
}

/**
 * Runs the drift check the configuration describes and writes its reports. What the server does
 * never makes it throw; only reports that cannot be written do (the error names the directory).
 */
export async function runDrift(parsed: ConfigResult, options: RunOptions = {}): Promise<WrittenReport> {
  const startedAt = new Date().toISOString();
  const redactor = new Redactor(parsed.secrets);
  const { files } = parsed;
  // A report is about this run or does not exist: none of an earlier run is left beside it.
  removeEarlierReports(files.reportsDir);
  let observed: Observed;
  try {
    observed = await observe(parsed, redactor, options);
  } catch (error) {
    const stop = error instanceof DriftStopped ? error : new DriftStopped('runner-failed', `the drift run failed unexpectedly: ${firstLines(error)}`);
    observed = stoppedRun(parsed, stop);
  }
  const spec = loadedSpec();
  const { baseline, ...run } = observed;
  return writeReports(
    {
      ...run,
      tool: TOOL,
      spec: spec ?? { file: DEFAULT_SPEC_PATH, document: {}, operations: [] },
      startedAt,
      finishedAt: new Date().toISOString(),
      baseline: { ...baseline, file: shown(baseline.file) },
    },
    { reportsDir: files.reportsDir, redactor, live: { historyFile: files.historyFile }, ...pick(options, 'print', 'env', 'lintSuggestions'), ...(spec ? { spec } : {}) },
  );
}

/** What a run observed, for its report: everything but what the report adds itself. */
type Observed = Omit<RunObservations, 'tool' | 'spec' | 'startedAt' | 'finishedAt' | 'baseline'> & { baseline: Baseline };

/** Steps 1 to 5; a stop before any request is thrown as a DriftStopped. */
async function observe(parsed: ConfigResult, redactor: Redactor, options: RunOptions): Promise<Observed> {
  const problems = await specProblems();
  if (problems.length > 0) {
    throw new DriftStopped('spec-invalid', `openapi.yaml is not a contract the suite can judge by (${problems.length} problem(s)); no request was sent`, problems);
  }
  if (!parsed.ok) {
    throw new DriftStopped(parsed.code, `configuration missing or invalid (${parsed.problems.length} problem(s)); no request was sent`, parsed.problems);
  }
  let baseline: Baseline;
  try {
    baseline = readBaseline(parsed.config.baselineFile);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    throw new DriftStopped('config-invalid', 'the drift baseline cannot be used; no request was sent', [error.message]);
  }
  return checkServer(parsed, baseline, redactor, options);
}

/** A run that stopped: its reason, and the requests it had sent by then. */
function stoppedRun(parsed: ConfigResult, stop: DriftStopped, requests: RequestCount = { sent: 0, rateLimited: 0 }): Observed {
  const settings = parsed.ok ? parsed.config : parsed;
  return {
    baseUrl: settings.baseUrl,
    failOn: settings.failOn,
    requests: { ...requests, max: settings.maxRequests, maxInFlight: MAX_IN_FLIGHT },
    couldNotRun: { reason: stop.message, code: stop.code },
    records: [],
    skipped: {},
    problems: [...stop.problems],
    baseline: readableBaseline(parsed.files.baselineFile),
  };
}

/** Steps 3 to 5 for a usable configuration. */
async function checkServer(parsed: Extract<ConfigResult, { ok: true }>, baseline: Baseline, redactor: Redactor, options: RunOptions): Promise<Observed> {
  const { config } = parsed;
  const emit = options.onEvent ?? (() => {});
  const spec = loadSpec();
  const transport = new DriftTransport({
    baseUrl: config.baseUrl,
    maxRequests: config.maxRequests,
    creates: (request) => createdKind(operationOf(spec, config.baseUrl, request)) !== undefined,
    onSent: (sent) => emit({ type: 'request', requests: sent, maxRequests: config.maxRequests }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let checked;
  try {
    checked = await preflight(config, { transport, redactor });
  } catch (error) {
    const stop = error instanceof PreflightError ? error : new DriftStopped('runner-failed', `the preflight failed unexpectedly: ${firstLines(error)}`);
    return stoppedRun(parsed, stop, transport.requests());
  }
  if (transport.requests().sent >= config.maxRequests) {
    const stop = new DriftStopped('config-invalid', `DRIFT_MAX_REQUESTS=${config.maxRequests} leaves no request for the contract cases after the preflight`);
    return stoppedRun(parsed, stop, transport.requests());
  }
  emit({ type: 'preflight', check: checked.check, requests: transport.requests().sent, maxRequests: config.maxRequests });

  const prefix = options.checkoutTokenPrefix ?? `drift-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
  const fixtures: TargetFixtures = { ...pick(config, 'identityId', 'accountNumber', 'accountHolder', 'currency'), checkoutTokenPrefix: prefix };
  const clientOptions: TargetClientOptions = { apiKey: config.apiKey, userAgent: DRIFT_USER_AGENT, accessToken: checked.accessToken };
  const records: CaseRecord[] = [checked.record];
  const problems: string[] = [];
  const validator = responseValidatorFor(spec);
  let cleanup: CleanupOutcome[] = [];
  try {
    for (const contractCase of options.cases ?? sandboxCases) {
      const before = transport.requests();
      const name = `${contractCase.operationId} ${contractCase.status}: ${contractCase.title}`;
      const unsent = transport.exhausted();
      // Nothing more can be sent: the case is not reached, and costs no client retries.
      const outcome = unsent
        ? { exchanges: [], findings: [], problems: [], notes: [{ operationId: contractCase.operationId, result: 'not-reached' as const, reason: unsent, unsent: true as const }] }
        : await runCase(contractCase, {
            spec,
            validator,
            target: 'sandbox',
            baseUrl: config.baseUrl,
            clientOptions,
            fixtures,
            transport: transport.send,
            // The client's retry warnings are not printed: what matters of them is in the report.
            clientTuning: { timeoutMs: CLIENT_TIMEOUT_MS, logLevel: 'off' },
            deadlineMs: CASE_DEADLINE_MS,
          });
      const after = transport.requests();
      const requests = { sent: after.sent - before.sent, rateLimited: after.rateLimited - before.rateLimited };
      records.push(caseRecord(name, contractCase, outcome, { requests, baseUrl: config.baseUrl, redactor }));
      // The progress line says what the server answered; a case's own status is only what it expects (a refusal may take several).
      const answered = outcome.exchanges.filter((exchange) => exchange.operationId === contractCase.operationId).at(-1)?.status;
      const said = `${contractCase.operationId} ${answered ?? 'not answered'}: ${contractCase.title}`;
      emit({ type: 'case', name: said, checked: checkedOperations(records), operations: spec.operations.length, requests: after.sent, maxRequests: config.maxRequests });
    }
    const left = leftovers(records, prefix);
    if (left.length > 0) emit({ type: 'cleanup', resources: left.length, requests: transport.requests().sent, maxRequests: config.maxRequests });
    const headers = { 'x-api-key': config.apiKey, authorization: `Bearer ${checked.accessToken}`, 'user-agent': DRIFT_USER_AGENT, 'conomyhq-api-version': API_VERSION };
    cleanup = await cleanUp(left, { headers, transport });
  } catch (error) {
    // A bug of ours: what the cases saw until then is reported all the same, and the run is incomplete.
    problems.push(`the drift run failed unexpectedly: ${firstLines(error)}`);
  }
  const lintNote = lintUnavailable();
  return {
    baseUrl: config.baseUrl,
    failOn: config.failOn,
    requests: { ...transport.requests(), max: config.maxRequests, maxInFlight: MAX_IN_FLIGHT },
    records,
    skipped: 'accessToken' in config.credentials ? { createAccessToken: 'CONOMY_ACCESS_TOKEN is used instead of client credentials, so the token call cannot succeed' } : {},
    problems,
    ...(lintNote ? { notes: [`openapi.yaml was not linted before the run: ${lintNote}`] } : {}),
    checkoutTokenPrefix: prefix,
    preflight: checked.check,
    cleanup,
    baseline,
  };
}

/** The report files of an earlier run in the reports directory (the history stays: it is every run's). */
function removeEarlierReports(reportsDir: string): void {
  // A reports directory that is no directory is the configuration's problem, reported as such.
  if (!existsSync(reportsDir) || !statSync(reportsDir).isDirectory()) return;
  for (const name of Object.values(REPORT_FILES)) rmSync(join(reportsDir, name), { force: true });
}

/** How many operations this run has checked so far, as the report counts them: judged on a 2xx, or drifting. */
function checkedOperations(records: readonly CaseRecord[]): number {
  const exchanges = records.flatMap((record) => record.exchanges).filter(isJudged2xx);
  const drifting = records.flatMap((record) => record.findings);
  return new Set([...exchanges, ...drifting].map((item) => item.operationId)).size;
}

function operationOf(spec: ContractSpec, baseUrl: string, request: Request): string | undefined {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  return spec.findOperation(request.method, new URL(request.url).pathname.slice(basePath.length))?.operationId;
}

/** The spec the run judged by; one that does not even load (the spec gate said why) has none. */
function loadedSpec(): ContractSpec | undefined {
  try {
    return loadSpec();
  } catch {
    return undefined;
  }
}

/** The baseline as far as it can be read: a run that cannot run judges nothing against it. */
function readableBaseline(file: string): Baseline {
  try {
    return readBaseline(file);
  } catch {
    return { file, entries: [] };
  }
}

function pick<T extends object, K extends keyof T>(object: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key]])) as Pick<T, K>;
}
