// Every finding of a run once, each marked new or known against the baseline and, when breaking,
// with its suggested spec change; and the baseline entries the run no longer saw.
import type { Finding } from '../../contract/judge/findings.js';
import { childOf } from '../../../lib/spec/index.mjs';
import { baselineMatcher, type Baseline, type BaselineEntry } from './baseline.js';
import { findingIdentity } from './finding-identity.js';
import type { CaseRecord, ExchangeRecord } from '../records.js';
import type { ReportedFinding, RunObservations } from './build-report.js';
import type { ObservedAnswer } from './suggest.js';

/**
 * Every finding once, in run order. Findings of the same identity (finding-identity.js: the same
 * drift seen on several calls, both flows, a repeated read, several items of a list) are one
 * finding with `occurrences`, as first seen.
 */
export function collectFindings(records: readonly CaseRecord[], run: Pick<RunObservations, 'baseline' | 'suggest'>): ReportedFinding[] {
  const byKey = new Map<string, { finding: ReportedFinding; answers: ObservedAnswer[] }>();
  const known = run.baseline ? baselineMatcher(run.baseline) : () => undefined;
  for (const record of records) {
    for (const { exchange: index, ...finding } of record.findings) {
      const key = findingIdentity(finding);
      const exchange = index === undefined ? lastAnswerOf(record, finding) : record.exchanges[index];
      const answer = exchange ? [{ ...exchange, location: finding.location }] : [];
      const seen = byKey.get(key);
      if (seen) {
        seen.finding.occurrences = (seen.finding.occurrences ?? 1) + 1;
        seen.answers.push(...answer);
        continue;
      }
      const entry = known(finding);
      byKey.set(key, {
        finding: {
          ...finding,
          case: record.name,
          ...(exchange?.requestId ? { requestId: exchange.requestId } : {}),
          ...(exchange ? { request: requestOf(exchange) } : {}),
          baseline: entry ? 'known' : 'new',
          ...(entry ? { acknowledged: { register: entry.register, note: entry.note, date: entry.date } } : {}),
        },
        answers: answer,
      });
    }
  }
  const collected = [...byKey.values()];
  // Every occurrence's answer counts: the same enum finding may show two new values.
  const suggestions = run.suggest?.(collected) ?? [];
  return collected.map(({ finding }, index) => {
    const suggestion = suggestions[index];
    if (!suggestion) return finding;
    return 'none' in suggestion ? { ...finding, noSuggestion: suggestion.none } : { ...finding, suggestion };
  });
}

/** The call a reported behaviour is about: the case's latest answer of that operation and status. */
function lastAnswerOf(record: CaseRecord, finding: Finding): ExchangeRecord | undefined {
  return [...record.exchanges].reverse().find((exchange) => exchange.operationId === finding.operationId && exchange.status === finding.status);
}

function requestOf({ method, url, requestHeaders, requestBody }: ExchangeRecord): NonNullable<ReportedFinding['request']> {
  return { method, url, requestHeaders, ...(requestBody ? { requestBody } : {}) };
}

/**
 * Baseline entries that matched no finding of this run although the run saw the place they are
 * about come back valid: the same operation and status answered with that body location present
 * (any list item for `*`), or, for the status and behaviour kinds, the answer that shows the
 * behaviour is gone. An entry whose place the run never saw (an empty list, a case that did not
 * run) is not resolved: it may still hold.
 */
export function resolvedEntries(baseline: Baseline | undefined, findings: readonly ReportedFinding[], records: readonly CaseRecord[]): BaselineEntry[] {
  if (!baseline) return [];
  const match = baselineMatcher(baseline);
  const matched = new Set(findings.map((finding) => match(finding)).filter(Boolean));
  const judged = records.flatMap((record) => record.exchanges).filter((exchange) => exchange.judged);
  return baseline.entries.filter((entry) => {
    if (matched.has(entry)) return false;
    const answers = judged.filter((exchange) => exchange.operationId === entry.operationId);
    return answers.some((exchange) => showsResolved(entry, exchange));
  });
}

/** The answer that shows a behaviour finding no longer holds. */
const BEHAVIOUR_EVIDENCE: Partial<Record<Finding['kind'], (status: number) => boolean>> = {
  'request-rejected': (status) => status >= 200 && status < 300,
  'unavailable-after-create': (status) => status >= 200 && status < 300,
  // The run checks every list it filters: a 2xx of the list without the finding honoured its filter.
  'filter-ignored': (status) => status >= 200 && status < 300,
  'request-accepted': (status) => status >= 400 && status < 500,
  'auth-not-enforced': (status) => status === 401,
  'available-after-delete': (status) => status === 404,
  'undocumented-status': () => false,
  'server-error': () => false,
};

function showsResolved(entry: BaselineEntry, exchange: ExchangeRecord): boolean {
  const evidence = BEHAVIOUR_EVIDENCE[entry.kind];
  // A status finding is gone when the operation answers a documented status of the same class.
  if (entry.kind === 'undocumented-status' || entry.kind === 'server-error') return Math.floor(exchange.status / 100) === Math.floor(entry.status / 100) && exchange.status !== entry.status;
  if (evidence) return evidence(exchange.status);
  if (exchange.status !== entry.status) return false;
  if (!entry.location.startsWith('response.body')) return true;
  const pointer = entry.location.slice('response.body'.length);
  // A property reported missing or undocumented is about its parent object: seen again (without
  // the finding), the property is back or gone as documented.
  const aboutParent = entry.kind === 'missing-required' || entry.kind === 'undocumented-field';
  const place = aboutParent ? pointer.replace(/\/[^/]*$/, '') : pointer;
  return nodesAt(parseJson(exchange.responseBody), place.split('/').slice(1)).length > 0;
}

/** The nodes at a pointer whose `*` segments stand for every index of a list. */
function nodesAt(value: unknown, segments: readonly string[]): unknown[] {
  if (value === undefined) return [];
  const [head, ...rest] = segments;
  if (head === undefined) return [value];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item) => nodesAt(item, rest)) : [];
  return nodesAt(childOf(value, head.replaceAll('~1', '/').replaceAll('~0', '~')), rest);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
