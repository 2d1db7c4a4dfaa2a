// Every finding of a run once, each marked new or known against the baseline and, when breaking,
// with its suggested spec change; and the baseline entries the run no longer saw.
import type { Finding } from '../support/findings.js';
import { baselineMatcher, type Baseline, type BaselineEntry } from './baseline.js';
import type { CaseRecord, ExchangeRecord } from './records.js';
import type { ReportedFinding, RunObservations } from './report.js';
import type { ObservedAnswer } from './suggest.js';

/**
 * Every finding once, in run order. The same drift seen on several calls (both flows, a repeated
 * read) is one finding with `occurrences`; the value a body finding shows may differ between
 * calls, so it is not part of the identity.
 */
export function collectFindings(records: readonly CaseRecord[], run: Pick<RunObservations, 'baseline' | 'suggest'>): ReportedFinding[] {
  const byKey = new Map<string, { finding: ReportedFinding; answers: ObservedAnswer[] }>();
  const known = run.baseline ? baselineMatcher(run.baseline) : () => undefined;
  for (const record of records) {
    for (const { exchange: index, ...finding } of record.findings) {
      const key = [finding.operationId, finding.status, finding.kind, finding.location, finding.expected, finding.discrepancy].join('\u0000');
      const exchange = index === undefined ? lastAnswerOf(record, finding) : record.exchanges[index];
      const seen = byKey.get(key);
      if (seen) {
        seen.finding.occurrences = (seen.finding.occurrences ?? 1) + 1;
        if (exchange) seen.answers.push(exchange);
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
        answers: exchange ? [exchange] : [],
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

/** Baseline entries that matched no finding although this run checked their operation. */
export function resolvedEntries(baseline: Baseline | undefined, findings: readonly ReportedFinding[], checked: ReadonlySet<string>): BaselineEntry[] {
  if (!baseline) return [];
  const matchedBy = new Set(findings.map((finding) => baselineMatcher(baseline)(finding)).filter(Boolean));
  return baseline.entries.filter((entry) => !matchedBy.has(entry) && checked.has(entry.operationId));
}

