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
import { cleanUp, leftovers } from './cleanup.js';
import { DRIFT_USER_AGENT, MAX_IN_FLIGHT, TOOL, type ConfigResult, type DriftConfig } from './config.js';
import { DriftStopped } from './errors.js';
import { preflight, PreflightError } from './preflight.js';
import { caseRecord, type CaseRecord, type RequestCount } from './records.js';
import { BaselineError, readBaseline, type Baseline } from './report/baseline.js';
import type { RunObservations } from './report/build-report.js';
import { shown, writeReports, type Print, type WrittenReport } from './report/write-reports.js';
import { DriftTransport } from './transport.js';

/** A case still running after this long on a real server ends with what it saw. */
const CASE_DEADLINE_MS = 240_000;
/** A real server may answer slowly; each attempt of the client gets this long. */
const CLIENT_TIMEOUT_MS = 60_000;

/** What a run tells while it goes, for a progress line (cli/progress.ts). */
export type DriftEvent =
  | { type: 'preflight'; check: string; requests: number; maxRequests: number }
  | { type: 'case'; name: string; checked: number; operations: number; requests: number; maxRequests: number }
  | { type: 'cleanup'; resources: number };

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

/** Runs the drift check the configuration describes and writes its reports; never throws for the server's sake. */
export async function runDrift(parsed: ConfigResult, options: RunOptions = {}): Promise<WrittenReport> {
  const startedAt = new Date().toISOString();
  const redactor = new Redactor(parsed.secrets);
  const { files } = parsed;
  const settings = parsed.ok ? parsed.config : parsed;
  const report = (observations: Observed, baseline: Baseline) =>
    writeReports(
      { ...observations, tool: TOOL, spec: specForReport(), startedAt, finishedAt: new Date().toISOString(), baseline: { ...baseline, file: shown(baseline.file) } },
      {
        reportsDir: files.reportsDir,
        redactor,
        live: { historyFile: files.historyFile },
        ...pick(options, 'print', 'env', 'lintSuggestions'),
        ...(loadedSpec() ? { spec: loadedSpec() as ContractSpec } : {}),
      },
    );
  const stopped = (stop: DriftStopped, requests: RequestCount = { sent: 0, rateLimited: 0 }) =>
    report(
      {
        baseUrl: settings.baseUrl,
        failOn: settings.failOn,
        requests: { ...requests, max: settings.maxRequests, maxInFlight: MAX_IN_FLIGHT },
        couldNotRun: { reason: stop.message, code: stop.code },
        records: [],
        skipped: {},
        problems: [...stop.problems],
      },
      readableBaseline(files.baselineFile),
    );

  try {
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
    return await checkServer(parsed.config, baseline, { redactor, options, report, stopped });
  } catch (error) {
    if (error instanceof DriftStopped) return stopped(error);
    // A bug of ours, not the server's: still a report that says so.
    return stopped(new DriftStopped('runner-failed', `the drift run failed unexpectedly: ${firstLines(error)}`));
  }
}

type Observed = Omit<RunObservations, 'tool' | 'spec' | 'startedAt' | 'finishedAt' | 'baseline'>;

interface CheckContext {
  redactor: Redactor;
  options: RunOptions;
  report: (observations: Observed, baseline: Baseline) => Promise<WrittenReport>;
  /** The reports of a run that stopped after sending these requests. */
  stopped: (stop: DriftStopped, requests: RequestCount) => Promise<WrittenReport>;
}

/** Steps 3 to 6 for a usable configuration. */
async function checkServer(config: DriftConfig, baseline: Baseline, { redactor, options, report, stopped }: CheckContext): Promise<WrittenReport> {
  const spec = loadSpec();
  const transport = new DriftTransport({
    baseUrl: config.baseUrl,
    maxRequests: config.maxRequests,
    creates: (request) => createdKind(operationOf(spec, config.baseUrl, request)) !== undefined,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const emit = options.onEvent ?? (() => {});
  let checked;
  try {
    checked = await preflight(config, { transport, redactor });
  } catch (error) {
    const stop = error instanceof PreflightError ? error : new DriftStopped('runner-failed', `the preflight failed unexpectedly: ${firstLines(error)}`);
    return stopped(stop, transport.requests());
  }
  if (transport.requests().sent >= config.maxRequests) {
    const stop = new DriftStopped('config-invalid', `DRIFT_MAX_REQUESTS=${config.maxRequests} leaves no request for the contract cases after the preflight`);
    return stopped(stop, transport.requests());
  }
  emit({ type: 'preflight', check: checked.check, requests: transport.requests().sent, maxRequests: config.maxRequests });

  const prefix = options.checkoutTokenPrefix ?? `drift-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
  const fixtures: TargetFixtures = { ...pick(config, 'identityId', 'accountNumber', 'accountHolder', 'currency'), checkoutTokenPrefix: prefix };
  const clientOptions: TargetClientOptions = { apiKey: config.apiKey, userAgent: DRIFT_USER_AGENT, accessToken: checked.accessToken };
  const records: CaseRecord[] = [checked.record];
  const validator = responseValidatorFor(spec);
  for (const contractCase of options.cases ?? sandboxCases) {
    const before = transport.requests();
    const name = `${contractCase.operationId} ${contractCase.status}: ${contractCase.title}`;
    const exhausted = transport.exhausted();
    // Nothing more can be sent: the case is not reached, and costs no client retries.
    const outcome = exhausted
      ? { exchanges: [], findings: [], problems: [], notes: [{ operationId: contractCase.operationId, result: 'not-reached' as const, reason: exhausted }] }
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
    emit({ type: 'case', name, checked: checkedOperations(records), operations: spec.operations.length, requests: after.sent, maxRequests: config.maxRequests });
  }

  const left = leftovers(records, prefix);
  if (left.length > 0) emit({ type: 'cleanup', resources: left.length });
  const headers = { 'x-api-key': config.apiKey, authorization: `Bearer ${checked.accessToken}`, 'user-agent': DRIFT_USER_AGENT, 'conomyhq-api-version': API_VERSION };
  const cleanup = await cleanUp(left, { headers, transport });
  const lintNote = lintUnavailable();
  return report(
    {
      baseUrl: config.baseUrl,
      failOn: config.failOn,
      requests: { ...transport.requests(), max: config.maxRequests, maxInFlight: MAX_IN_FLIGHT },
      records,
      skipped: 'accessToken' in config.credentials ? { createAccessToken: 'CONOMY_ACCESS_TOKEN is used instead of client credentials, so the token call cannot succeed' } : {},
      problems: [],
      ...(lintNote ? { notes: [`openapi.yaml was not linted before the run: ${lintNote}`] } : {}),
      checkoutTokenPrefix: prefix,
      preflight: checked.check,
      cleanup,
    },
    baseline,
  );
}

/** How many operations a judged 2xx answer of this run has checked so far. */
function checkedOperations(records: readonly CaseRecord[]): number {
  const exchanges = records.flatMap((record) => record.exchanges);
  return new Set(exchanges.filter((exchange) => exchange.judged && exchange.status >= 200 && exchange.status < 300).map((exchange) => exchange.operationId)).size;
}

function operationOf(spec: ContractSpec, baseUrl: string, request: Request): string | undefined {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  return spec.findOperation(request.method, new URL(request.url).pathname.slice(basePath.length))?.operationId;
}

/** The spec the run judged by; one that does not even load (the spec gate said why) has no operations. */
function specForReport(): Pick<ContractSpec, 'file' | 'document' | 'operations'> {
  return loadedSpec() ?? { file: DEFAULT_SPEC_PATH, document: {}, operations: [] };
}

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
