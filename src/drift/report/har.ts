// drift.har: the exchanges a drift run judged, as HAR 1.2 (any browser's network panel opens it),
// and the reading of a HAR file for a replay, ours or one captured elsewhere (a proxy, a browser).
// Our entries carry `_drift` (HAR's place for custom fields): the case they belong to, whether the
// run judged the answer, and the behaviour findings a case reported, which no single answer shows
// and a replay therefore takes over as recorded. Credentials are masked before this file sees them
// (records.ts), and the whole text once more when it is written (write-reports.ts).
import { SENSITIVE_HEADERS } from '../../internal/secrets.js';
import type { Finding } from '../../contract/judge/findings.js';
import { jsonSyntaxError } from '../../../lib/json-syntax.mjs';
import { isJsonObject } from '../../../lib/spec/index.mjs';
import { DriftRefusal } from '../errors.js';
import { MAX_RECORDED_BODY, type CaseRecord, type ExchangeRecord } from '../records.js';

export interface DriftAnnotation {
  case: string;
  judged: boolean;
  superseded?: true;
  responseBodyCut?: true;
  /** On the last entry of a case: the behaviour findings it reported, in order. */
  behaviour?: Finding[];
}

interface NameValue {
  name: string;
  value: string;
}

interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: NameValue[];
    content: { size: number; mimeType: string; text: string; comment?: string };
    redirectURL: '';
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _drift: DriftAnnotation;
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; comment: string; entries: HarEntry[] };
}

/** The HAR of a run's records: every exchange, in the order the cases ran. */
export function harOf(records: readonly CaseRecord[], creator: { name: string; version: string }, baseUrl: string): Har {
  const entries = records.flatMap((record) => {
    const behaviour = record.findings.filter((finding) => finding.exchange === undefined).map(({ exchange: _, ...finding }) => finding);
    return record.exchanges.map((exchange, index) => {
      const last = index === record.exchanges.length - 1;
      return harEntry(exchange, { case: record.name, ...(last && behaviour.length > 0 ? { behaviour } : {}) });
    });
  });
  return { log: { version: '1.2', creator, comment: `drift run against ${baseUrl}`, entries } };
}

function harEntry(exchange: ExchangeRecord, annotation: Pick<DriftAnnotation, 'case' | 'behaviour'>): HarEntry {
  const url = new URL(exchange.url);
  const requestType = headerValue(exchange.requestHeaders, 'content-type');
  const responseType = headerValue(exchange.responseHeaders, 'content-type') ?? '';
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    request: {
      method: exchange.method,
      url: exchange.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(exchange.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(exchange.requestBody ? { postData: { mimeType: requestType ?? '', text: exchange.requestBody } } : {}),
      headersSize: -1,
      bodySize: exchange.requestBody ? bytes(exchange.requestBody) : 0,
    },
    response: {
      status: exchange.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(exchange.responseHeaders),
      content: {
        size: bytes(exchange.responseBody),
        mimeType: responseType,
        text: exchange.responseBody,
        ...(exchange.responseBodyCut ? { comment: `cut at ${MAX_RECORDED_BODY} characters` } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: bytes(exchange.responseBody),
    },
    cache: {},
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
    _drift: {
      ...annotation,
      judged: exchange.judged,
      ...(exchange.superseded ? { superseded: true as const } : {}),
      ...(exchange.responseBodyCut ? { responseBodyCut: true as const } : {}),
    },
  };
}

/** One exchange of a HAR file as a replay judges it. */
export interface RecordedExchange {
  /** 1-based position in `log.entries`, as people count. */
  entry: number;
  method: string;
  url: URL;
  /** The URL as the file writes it. */
  recordedUrl: string;
  status: number;
  startedAt: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
  /** Why the answer cannot be judged (no body recorded, cut short, no answer at all). */
  unjudgeable?: string;
  /** Present on entries a drift run wrote. */
  drift?: DriftAnnotation;
}

/** A HAR file that cannot be replayed; the message names the file and every problem found. */
export class HarError extends DriftRefusal {
  override name = 'HarError';
}

const MAX_LISTED_PROBLEMS = 20;

/** Reads and checks a whole HAR text; throws a HarError naming each problem (nothing is judged then). */
export function readHar(text: string, file: string): RecordedExchange[] {
  // Where it breaks, never what JSON.parse quotes of it: a captured HAR carries credentials.
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    const truncated = syntax.offset >= text.trimEnd().length ? ' (the file looks truncated)' : '';
    const lines = text.slice(0, syntax.offset).split('\n');
    const where = `line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
    throw new HarError(`${file} is not a HAR file: it is not JSON${truncated}: at ${where}, ${syntax.problem}`);
  }
  const parsed: unknown = JSON.parse(text);
  const log = isJsonObject(parsed) ? parsed.log : undefined;
  if (!isJsonObject(log)) throw new HarError(`${file} is not a HAR file: it has no "log" object`);
  if (typeof log.version !== 'string') throw new HarError(`${file} is not a HAR file: log.version is missing`);
  if (!Array.isArray(log.entries)) throw new HarError(`${file} is not a HAR file: log.entries is not a list`);
  const problems: string[] = [];
  const exchanges = log.entries.flatMap((entry: unknown, index: number) => {
    const read = readEntry(entry, index + 1);
    if (typeof read === 'string') {
      problems.push(read);
      return [];
    }
    return [read];
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `\n  ${problem}`).join('');
    const more = problems.length > MAX_LISTED_PROBLEMS ? `\n  ... and ${problems.length - MAX_LISTED_PROBLEMS} more` : '';
    throw new HarError(`${file} cannot be replayed: ${problems.length} of its ${log.entries.length} entries are malformed:${listed}${more}`);
  }
  return exchanges;
}

function readEntry(entry: unknown, number: number): RecordedExchange | string {
  const where = `entry ${number}`;
  if (!isJsonObject(entry)) return `${where}: not an object`;
  const { request, response } = entry;
  if (!isJsonObject(request)) return `${where}: request is missing`;
  const named = `${where} (${String(request.method)} ${String(request.url)})`;
  if (typeof request.method !== 'string' || !/^[A-Za-z]+$/.test(request.method)) return `${where}: request.method is missing or not a method`;
  const url = URL.canParse(String(request.url)) ? new URL(String(request.url)) : undefined;
  if (!url) return `${where}: request.url is not an absolute URL: ${JSON.stringify(request.url)}`;
  if (!isJsonObject(response)) return `${named}: response is missing`;
  const status = response.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 599) {
    return `${named}: response.status is not an HTTP status: ${JSON.stringify(status)}`;
  }
  const requestHeaders = readHeaders(request.headers);
  const responseHeaders = readHeaders(response.headers);
  if (typeof requestHeaders === 'string') return `${named}: request.headers ${requestHeaders}`;
  if (typeof responseHeaders === 'string') return `${named}: response.headers ${responseHeaders}`;
  const content = response.content;
  if (!isJsonObject(content)) return `${named}: response.content is missing`;
  const body = readContent(content);
  if (typeof body === 'object') return `${named}: response.content ${body.problem}`;
  // Some exporters leave the header list empty and say the type only in content.mimeType.
  if (responseHeaders['content-type'] === undefined && typeof content.mimeType === 'string' && content.mimeType !== '') {
    responseHeaders['content-type'] = content.mimeType;
  }
  const postData = isJsonObject(request.postData) ? request.postData : undefined;
  const drift = readAnnotation(entry._drift);
  const unjudgeable =
    status === 0
      ? 'no answer was recorded (status 0: the request failed or was cancelled)'
      : body === undefined
        ? 'its response body was not recorded'
        : drift?.responseBodyCut
          ? `its response body was cut at ${MAX_RECORDED_BODY} characters`
          : undefined;
  return {
    entry: number,
    method: request.method.toUpperCase(),
    url,
    recordedUrl: String(request.url),
    status,
    startedAt: typeof entry.startedDateTime === 'string' ? entry.startedDateTime : '',
    durationMs: typeof entry.time === 'number' ? entry.time : 0,
    requestHeaders,
    requestBody: typeof postData?.text === 'string' ? postData.text : '',
    responseHeaders,
    responseBody: body ?? '',
    ...(unjudgeable ? { unjudgeable } : {}),
    ...(drift ? { drift } : {}),
  };
}

/** Header lists as a record with lower-case names (repeated headers joined, as fetch does). */
function readHeaders(list: unknown): Record<string, string> | string {
  if (list === undefined) return {};
  if (!Array.isArray(list)) return 'is not a list';
  const headers: Record<string, string> = {};
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.name !== 'string' || typeof item.value !== 'string') return 'has an item without a name and value';
    const name = item.name.toLowerCase();
    // HTTP/2 pseudo-headers (`:status`) that browsers export are no headers of the answer.
    if (name.startsWith(':')) continue;
    const earlier = headers[name];
    // Exporters repeat a header line as they saw it; a value only once, and one content type (the first).
    if (earlier === undefined) headers[name] = item.value;
    else if (name !== 'content-type' && !earlier.split(', ').includes(item.value)) headers[name] = `${earlier}, ${item.value}`;
  }
  return headers;
}

/** The body text (base64 decoded), undefined when the HAR did not record one. */
function readContent(content: Record<string, unknown>): string | undefined | { problem: string } {
  const { text, encoding, size } = content;
  if (text === undefined) return typeof size === 'number' && size > 0 ? undefined : '';
  if (typeof text !== 'string') return { problem: 'text is not a string' };
  if (encoding === undefined || encoding === '') return text;
  if (encoding !== 'base64') return { problem: `has an unknown encoding ${JSON.stringify(encoding)}` };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) return { problem: 'text is not valid base64' };
  return Buffer.from(text, 'base64').toString('utf8');
}

function readAnnotation(value: unknown): DriftAnnotation | undefined {
  if (!isJsonObject(value) || typeof value.case !== 'string' || typeof value.judged !== 'boolean') return undefined;
  return value as unknown as DriftAnnotation;
}

function nameValues(headers: Record<string, string>): NameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** Values of credential headers in a HAR captured elsewhere (without their scheme), to mask wherever they reappear. */
export function credentialsIn(exchanges: readonly RecordedExchange[]): string[] {
  return exchanges.flatMap((exchange) =>
    Object.entries(exchange.requestHeaders)
      .filter(([name]) => SENSITIVE_HEADERS.has(name))
      .map(([, value]) => value.replace(/^\w+\s+/, '').trim()),
  );
}
