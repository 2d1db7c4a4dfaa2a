// conomy-drift --replay <file.har>: judges recorded exchanges (a drift run's drift.har, or a
// HAR captured anywhere else) against the current openapi.yaml with the validator, findings,
// baseline, suggestions and reports of a live run. It sends nothing and needs no credentials.
// Exchanges whose method and path match no operation are listed as `unmatched`; a HAR that cannot
// be read is refused (HarError) before anything is written.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redactor } from '../internal/log.js';
import { MASK, SECRET_FIELD } from '../internal/secrets.js';
import type { Finding } from '../contract/judge/findings.js';
import { DEFAULT_SPEC_PATH, loadSpec, type ContractSpec, type Operation } from '../contract/spec/contract-spec.js';
import { responseValidatorFor } from '../contract/judge/validator.js';
import { specProblems } from '../contract/spec/spec-gate.js';
import { readDriftConfig, TOOL, type FailOn } from './config.js';
import { DriftRefusal } from './errors.js';
import { readBaseline } from './report/baseline.js';
import { credentialsIn, HarError, readHar, type RecordedExchange } from './report/har.js';
import { isJudged2xx, maskedHeaders, maskStrings, MAX_RECORDED_BODY, requestIdOf, withSecretFieldsMasked, type CaseRecord, type ExchangeRecord } from './records.js';
import type { ReplaySummary } from './report/build-report.js';
import { shown, writeReports, type Print, type WrittenReport } from './report/write-reports.js';

export interface ReplayOptions {
  env?: Record<string, string | undefined>;
  /** The spec to judge by (default openapi.yaml): a test replays against an edited copy. */
  specFile?: string;
  failOn?: FailOn;
  print?: Print;
}

/** A spec a replay cannot judge by; the message lists its located problems. */
export class SpecRefused extends DriftRefusal {
  override name = 'SpecRefused';
}

/**
 * Replays a HAR file and writes the reports; throws HarError, BaselineError or SpecRefused (a spec
 * that the live run's spec gate would refuse too), having written nothing.
 */
export async function replayHar(file: string, options: ReplayOptions = {}): Promise<WrittenReport> {
  const env = options.env ?? {};
  const startedAt = new Date().toISOString();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HarError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const exchanges = readHar(text, shown(resolve(file)));
  if (exchanges.length === 0) throw new HarError(`${shown(resolve(file))} has no entries: there is nothing to replay`);
  // A replay needs no server configuration; of the configuration it takes the files and the credentials to mask.
  const { files, secrets } = readDriftConfig(env);
  const baseline = readBaseline(files.baselineFile);
  const specFile = options.specFile ?? DEFAULT_SPEC_PATH;
  const problems = await specProblems(specFile);
  if (problems.length > 0) {
    throw new SpecRefused(`${shown(specFile)} is not a contract a run can judge by (npm run lint); nothing was replayed:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
  const spec = loadSpec(specFile);
  // The run's own credentials, and those a captured HAR carries in its headers: masked wherever they reappear.
  const redactor = new Redactor([...secrets, ...credentialsIn(exchanges)]);
  const { records, replay, target } = judgeExchanges(exchanges, spec, shown(resolve(file)), redactor);
  const judgedOk = new Set(records.flatMap((record) => record.exchanges).filter(isJudged2xx).map((exchange) => exchange.operationId));
  const skipped = Object.fromEntries(
    spec.operations
      .filter(({ operationId }) => !judgedOk.has(operationId))
      .map(({ operationId }) => [operationId, `${replay.file} holds no answer of it that was judged on a 2xx`]),
  );
  const observations = {
    tool: TOOL,
    spec,
    baseUrl: target.origin ? `${target.origin}${target.base}` : '(no call of an operation)',
    startedAt,
    finishedAt: new Date().toISOString(),
    failOn: options.failOn ?? 'breaking',
    requests: { sent: 0, max: 0, maxInFlight: 0, rateLimited: 0 },
    records: maskStrings(records, redactor),
    skipped,
    problems: [],
    replay,
    baseline: { ...baseline, file: shown(baseline.file) },
  };
  return writeReports(observations, { reportsDir: files.reportsDir, redactor, env, spec, ...(options.print ? { print: options.print } : {}) });
}

/** The exchanges as the records of a run: a drift run's by its cases, any other HAR's one entry each. */
function judgeExchanges(
  exchanges: readonly RecordedExchange[],
  spec: ContractSpec,
  file: string,
  redactor: Redactor,
): { records: CaseRecord[]; replay: ReplaySummary; target: { origin: string; base: string } } {
  const validator = responseValidatorFor(spec);
  const replay: ReplaySummary = { file, entries: exchanges.length, judged: 0, unmatched: [], unjudged: [] };
  const records = new Map<string, CaseRecord & { behaviour: Finding[] }>();
  const calls = exchanges.map((exchange) => ({ exchange, ...operationOf(spec, exchange) }));
  const target = targetOf(calls);
  for (const { exchange, operation, base } of calls) {
    const url = withSecretQueryMasked(exchange);
    const name = exchange.drift?.case ?? `entry ${exchange.entry}: ${exchange.method} ${exchange.url.pathname}`;
    if (!operation || exchange.url.origin !== target.origin || base !== target.base) {
      const reason = !operation ? 'no operation has this method and path' : `not a call of the target ${target.origin}${target.base}`;
      replay.unmatched.push({ entry: exchange.entry, method: exchange.method, url, status: exchange.status, reason });
      continue;
    }
    if (exchange.unjudgeable) replay.unjudged.push({ entry: exchange.entry, method: exchange.method, url, reason: exchange.unjudgeable });
    const judged = !exchange.unjudgeable && (exchange.drift?.judged ?? true);
    const findings = judged
      ? validator.validateResponse(
          { operationId: operation.operationId, status: exchange.status, headers: exchange.responseHeaders, bodyText: exchange.responseBody },
          { strict: true },
        )
      : [];
    if (judged) replay.judged += 1;
    const record = records.get(name) ?? newRecord(name, operation.operationId, exchange.status);
    records.set(name, record);
    const index = record.exchanges.length;
    record.exchanges.push(exchangeRecord(exchange, url, operation.operationId, judged, redactor));
    record.findings.push(...findings.map((finding) => ({ ...finding, exchange: index })));
    record.behaviour.push(...(exchange.drift?.behaviour ?? []));
  }
  // A case's own exchange findings come first, then what it reported, as in the run.
  const list = [...records.values()].map(({ behaviour, ...record }) => ({ ...record, findings: [...record.findings, ...behaviour] }));
  return { records: list, replay, target };
}

function newRecord(name: string, operationId: string, status: number): CaseRecord & { behaviour: Finding[] } {
  return { name, operationId, status, findings: [], exchanges: [], notes: [], problems: [], requests: { sent: 0, rateLimited: 0 }, behaviour: [] };
}

function exchangeRecord(exchange: RecordedExchange, url: string, operationId: string, judged: boolean, redactor: Redactor): ExchangeRecord {
  const requestId = requestIdOf(exchange.responseHeaders, exchange.responseBody);
  return {
    operationId,
    method: exchange.method,
    url,
    requestHeaders: maskedHeaders(exchange.requestHeaders, redactor),
    ...(exchange.requestBody ? { requestBody: withSecretFieldsMasked(exchange.requestBody) } : {}),
    status: exchange.status,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    responseHeaders: maskedHeaders(exchange.responseHeaders, redactor),
    responseBody: exchange.responseBody.slice(0, MAX_RECORDED_BODY),
    judged,
    ...(exchange.drift?.superseded ? { superseded: true as const } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * The operation an exchange is a call of, and the base path before it. The path is matched as
 * recorded, then without its leading segments one by one, so a server's base path (`/sandbox`,
 * `/v1`) needs no configuration.
 */
function operationOf(spec: ContractSpec, exchange: RecordedExchange): { operation?: Operation; base?: string } {
  const segments = exchange.url.pathname.split('/').slice(1);
  for (let start = 0; start < segments.length; start += 1) {
    const operation = spec.findOperation(exchange.method, `/${segments.slice(start).join('/')}`);
    if (operation) return { operation, base: segments.slice(0, start).map((segment) => `/${segment}`).join('') };
  }
  return {};
}

/**
 * The server the HAR is a recording of: the origin and base path most calls match under. A
 * browser's HAR holds other hosts too (analytics, a login page); their calls are not Conomy's,
 * even where a path looks like one, and are listed as unmatched.
 */
function targetOf(calls: readonly { exchange: RecordedExchange; operation?: Operation; base?: string }[]): { origin: string; base: string } {
  const counts = new Map<string, { origin: string; base: string; count: number }>();
  for (const { exchange, operation, base = '' } of calls) {
    if (!operation) continue;
    const key = `${exchange.url.origin}${base}`;
    const entry = counts.get(key) ?? { origin: exchange.url.origin, base, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const [best] = [...counts.values()].sort((a, b) => b.count - a.count);
  return best ?? { origin: '', base: '' };
}

/** The URL with the value of every query parameter named like a secret masked (an api_key in a captured URL). */
function withSecretQueryMasked({ url, recordedUrl }: RecordedExchange): string {
  const secret = [...url.searchParams.keys()].filter((name) => SECRET_FIELD.test(name));
  if (secret.length === 0) return recordedUrl;
  const copy = new URL(url);
  for (const name of secret) copy.searchParams.set(name, MASK);
  return copy.href;
}


