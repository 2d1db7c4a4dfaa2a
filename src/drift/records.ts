// What one contract case leaves for the drift report: plain data, masked where it is made,
// because the reports quote it.
// Findings point at the exchange they were seen in, so the report can name its request id and
// print a curl that repeats it.
import type { ResourceKind } from '../generated/operations.js';
import { createdKind } from '../contract/spec/resources.js';
import { pathValueProblem } from '../internal/path.js';
import type { Redactor } from '../internal/log.js';
import { MASK, REQUEST_ID_HEADERS, SECRET_FIELD } from '../internal/secrets.js';
import type { CaseOutcome, Exchange, StepNote } from '../contract/run/case.js';
import type { Finding } from '../contract/judge/findings.js';
import { firstLines } from '../contract/first-lines.js';


/** Where a request body quoted in a report is cut. */
const MAX_QUOTED_BODY = 8_000;
/**
 * Where a recorded answer is cut (far above every documented answer). A cut answer is marked so,
 * and a replay does not judge it: its end is missing.
 */
export const MAX_RECORDED_BODY = 1_000_000;

export interface CreatedResource {
  kind: ResourceKind;
  id: string;
  checkoutToken: string;
}

export interface ExchangeRecord {
  operationId?: string;
  method: string;
  /** Absolute, as sent. */
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  /** When it was sent (ISO 8601) and how long the answer took. */
  startedAt: string;
  durationMs: number;
  /** The answer as received (credentials masked), for drift.har and a replay of it. */
  responseHeaders: Record<string, string>;
  responseBody: string;
  /** The answer was longer than MAX_RECORDED_BODY and is cut there. */
  responseBodyCut?: true;
  /** Whether the validator judged this answer (see judgeAnswer in src/contract/run/runner.ts). */
  judged: boolean;
  /** The client sent the request again after this answer (a transient fault it got over). */
  superseded?: boolean;
  requestId?: string;
  created?: CreatedResource;
}

export interface RecordedFinding extends Finding {
  /** Index of the exchange in its record's `exchanges` (undefined for a reported behaviour). */
  exchange?: number;
}

export interface CaseRecord {
  /** The test's name, e.g. `createPaymentLink > 201: the checkout flow ...`. */
  name: string;
  operationId: string;
  status: number;
  findings: RecordedFinding[];
  exchanges: ExchangeRecord[];
  notes: StepNote[];
  /** What went wrong that is no finding (a case of ours that broke); masked. */
  problems: string[];
  error?: string;
  /** Requests this case sent (429 repeats included), and how many of them answered 429. */
  requests: RequestCount;
}

export interface RequestCount {
  sent: number;
  rateLimited: number;
}

/** An answer that checks its operation: judged, and a success. */
export function isJudged2xx(exchange: Pick<ExchangeRecord, 'judged' | 'status'>): boolean {
  return exchange.judged && exchange.status >= 200 && exchange.status < 300;
}

/** A case's outcome as a record, every text masked by the run's redactor. */
export function caseRecord(
  name: string,
  contractCase: { operationId: string; status: number },
  outcome: CaseOutcome,
  { requests, baseUrl, redactor }: { requests: RequestCount; baseUrl: string; redactor: Redactor },
): CaseRecord {
  const exchanges = outcome.exchanges.map((exchange) => exchangeRecord(exchange, baseUrl, redactor));
  const findings = outcome.findings.map((finding): RecordedFinding => {
    const index = outcome.exchanges.findIndex((exchange) => exchange.findings.includes(finding));
    return index === -1 ? finding : { ...finding, exchange: index };
  });
  const record: CaseRecord = {
    name,
    operationId: contractCase.operationId,
    status: contractCase.status,
    findings,
    exchanges,
    notes: outcome.notes,
    problems: outcome.problems,
    ...(outcome.error ? { error: firstLines(outcome.error) } : {}),
    requests,
  };
  return maskStrings(record, redactor);
}

/** A fresh copy of plain data with every string masked. */
export function maskStrings<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskStrings(item, redactor)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, redactor)])) as T;
  }
  return value;
}

function exchangeRecord(exchange: Exchange, baseUrl: string, redactor: Redactor): ExchangeRecord {
  const { operationId, method, path, query, status, requestBody, bodyText, headers, judged, superseded } = exchange;
  const created = createdResource(operationId, status, bodyText, requestBody);
  return {
    ...(operationId ? { operationId } : {}),
    method,
    url: `${baseUrl}${path}${query ? `?${query}` : ''}`,
    requestHeaders: maskedHeaders(exchange.requestHeaders, redactor),
    ...(requestBody ? { requestBody: withSecretFieldsMasked(requestBody).slice(0, MAX_QUOTED_BODY) } : {}),
    status,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    responseHeaders: maskedHeaders(headers, redactor),
    responseBody: withSecretFieldsMasked(bodyText).slice(0, MAX_RECORDED_BODY),
    ...(bodyText.length > MAX_RECORDED_BODY ? { responseBodyCut: true as const } : {}),
    judged,
    ...(superseded ? { superseded } : {}),
    ...optional('requestId', requestIdOf(headers, bodyText)),
    ...(created ? { created } : {}),
  };
}

/** Headers as a record quotes them, through the redactor (names in lower case; a sensitive one is `***`). */
export function maskedHeaders(headers: Headers | Record<string, string>, redactor: Redactor): Record<string, string> {
  if (headers instanceof Headers) return redactor.headers(headers);
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const);
  return redactor.headers({ forEach: (callback) => entries.forEach(([name, value]) => callback(value, name)) });
}

/**
 * A JSON text with the value of every property named like a secret (SECRET_FIELD: an access token
 * the client obtained itself, which the run's masker does not know) replaced by the mask. Any
 * other text, and JSON without such a property, is returned unchanged.
 */
export function withSecretFieldsMasked(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  let masked = false;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => {
        if (typeof item !== 'string' || !SECRET_FIELD.test(key) || item === MASK) return [key, visit(item)];
        masked = true;
        return [key, MASK];
      }),
    );
  };
  const result = visit(value);
  return masked ? JSON.stringify(result) : text;
}

/** As the client's errors quote it: a ProblemError's `traceId`, else a request-id header. */
export function requestIdOf(headers: Headers | Record<string, string>, bodyText: string): string | undefined {
  const { traceId } = jsonFields(bodyText);
  if (typeof traceId === 'string' && traceId !== '') return traceId;
  const header = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
  return REQUEST_ID_HEADERS.map(header).find((value) => value) ?? undefined;
}

/** What a create answer made: its id, and its checkoutToken (else the one the request sent). */
function createdResource(
  operationId: string | undefined,
  status: number,
  answer: string,
  request: string,
): CreatedResource | undefined {
  const kind = createdKind(operationId);
  if (!kind || status < 200 || status >= 300) return undefined;
  const { id, checkoutToken } = jsonFields(answer);
  const token = typeof checkoutToken === 'string' ? checkoutToken : jsonFields(request).checkoutToken;
  // An id that is no path segment ('..') could make cleanup's DELETE reach another resource.
  const usable = typeof id === 'string' && pathValueProblem(id) === undefined;
  return usable && typeof token === 'string' ? { kind, id, checkoutToken: token } : undefined;
}

function jsonFields(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
