// What one contract case leaves for the drift report: plain, masked data, because it travels
// from the test worker to the reporter (in vitest's task meta) and is quoted in the reports.
// Findings point at the exchange they were seen in, so the report can name its request id and
// print a curl that repeats it.
import type { ResourceKind } from '../../../src/generated/operations.js';
import { createdKind } from '../support/spec/resources.js';
import { pathValueProblem } from '../../../src/internal/path.js';
import { MASK, REQUEST_ID_HEADERS, SECRET_FIELD, SENSITIVE_HEADERS } from '../../../src/internal/secrets.js';
import type { CaseOutcome, Exchange, StepNote } from '../support/run/case.js';
import type { Finding } from '../support/judge/findings.js';


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
  /** Whether the validator judged this answer (see judgeAnswer in support/run/runner.ts). */
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

/** A case's outcome as a record, every text passed through `mask`. */
export function caseRecord(
  name: string,
  contractCase: { operationId: string; status: number },
  outcome: CaseOutcome,
  { requests, baseUrl, mask }: { requests: RequestCount; baseUrl: string; mask: (text: string) => string },
): CaseRecord {
  const exchanges = outcome.exchanges.map((exchange) => exchangeRecord(exchange, baseUrl));
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
  return maskStrings(record, mask);
}

/** A fresh copy of plain data with every string masked. */
export function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskStrings(item, mask)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskStrings(item, mask)])) as T;
  }
  return value;
}

function exchangeRecord(exchange: Exchange, baseUrl: string): ExchangeRecord {
  const { operationId, method, path, query, status, requestBody, bodyText, headers, judged, superseded } = exchange;
  const created = createdResource(operationId, status, bodyText, requestBody);
  return {
    ...(operationId ? { operationId } : {}),
    method,
    url: `${baseUrl}${path}${query ? `?${query}` : ''}`,
    requestHeaders: maskedHeaders(exchange.requestHeaders),
    ...(requestBody ? { requestBody: withSecretFieldsMasked(requestBody).slice(0, MAX_QUOTED_BODY) } : {}),
    status,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    responseHeaders: maskedHeaders(headers),
    responseBody: withSecretFieldsMasked(bodyText).slice(0, MAX_RECORDED_BODY),
    ...(bodyText.length > MAX_RECORDED_BODY ? { responseBodyCut: true as const } : {}),
    judged,
    ...(superseded ? { superseded } : {}),
    ...optional('requestId', requestIdOf(headers, bodyText)),
    ...(created ? { created } : {}),
  };
}

/** Sensitive headers by name (the scheme of Authorization is kept: `Bearer ***`); names in lower case. */
export function maskedHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  for (const [key, value] of entries) {
    const name = key.toLowerCase();
    if (!SENSITIVE_HEADERS.has(name)) result[name] = value;
    else result[name] = /^\w+\s/.test(value) ? `${value.split(/\s/, 1)[0]} ${MASK}` : MASK;
  }
  return result;
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

/** An error's name and message without stack frames, at most 20 lines. */
export function firstLines(error: unknown): string {
  // An Error, or vitest's serialized copy of one: a plain object with the same fields.
  const { name, message } = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const named = typeof name === 'string' && name !== 'Error' ? `${name}: ` : '';
  const text = `${named}${typeof message === 'string' ? message : String(error)}`;
  return text.split('\n').filter((line) => !/^\s+at\s/.test(line)).slice(0, 20).join('\n');
}
