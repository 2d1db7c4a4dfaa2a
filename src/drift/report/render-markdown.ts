// drift.md: a drift report (build-report.ts) for people. It reads only the report object, so it
// says exactly what drift.json says: a verdict a person takes in at a glance, then the operations
// table, then each finding with its register entry, its suggested spec change and a curl that
// repeats the call.
import type { Severity } from '../../contract/judge/findings.js';
import { findingsOf, type DriftReport, type ReportedFinding, type Verdict } from './build-report.js';

const HEADLINES: Record<Verdict, string> = {
  ok: 'OK: no drift',
  additive: 'OK: the server sends more than documented, nothing breaks',
  warning: 'WARNING: the server is more lenient than the spec',
  breaking: 'BREAKING DRIFT',
  incomplete: 'INCOMPLETE: not everything could be checked',
  'could-not-run': 'COULD NOT RUN',
};

const SEVERITY_MEANING: Record<Severity, string> = {
  breaking: 'the server answers what the generated types and client misdescribe, or refuses a request they allow',
  warning: 'the server accepts a request the spec forbids; no client breaks',
  additive: 'the server sends more than documented; clients keep working',
};

/** `D3` -> GitHub's anchor of that register entry's heading. */
export function curlFor(request: NonNullable<ReportedFinding['request']>): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const parts = [`curl${request.method === 'GET' ? '' : ` -X ${request.method}`} ${quote(request.url)}`];
  for (const [name, value] of Object.entries(request.requestHeaders)) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (request.requestBody) parts.push(`--data-raw ${quote(request.requestBody)}`);
  return parts.join(' \\\n  ');
}

/** The verdict in one line, as printed at the end of a run and at the top of drift.md. */
export function verdictLine(report: DriftReport): string {
  const { summary } = report;
  if (report.verdict === 'could-not-run') return `${HEADLINES['could-not-run']}: ${report.reason}`;
  const found = `${summary.breaking} breaking, ${summary.warning} warning, ${summary.additive} additive finding(s)`;
  const known = summary.known > 0 ? ` (${summary.new} new, ${summary.known} known from the baseline)` : '';
  const resolved = summary.resolved > 0 ? `; ${summary.resolved} baseline entr${summary.resolved === 1 ? 'y' : 'ies'} resolved` : '';
  const checked = `${summary.checked} of ${summary.operations} operations checked`;
  // Findings the baseline acknowledges are not "no drift": they are no new drift.
  const headline = summary.known > 0 && (report.verdict === 'ok' || report.verdict === 'additive') ? 'OK: no new drift' : HEADLINES[report.verdict];
  return `${headline}: ${found}${known}; ${checked}${resolved}${report.reason ? `; ${report.reason}` : ''}`;
}

/**
 * @param registerUrl where docs/discrepancies.md is, seen from the Markdown file (or a URL);
 *   the docs site rewrites these links to its own register page.
 */
export function renderMarkdown(report: DriftReport, { anchors, registerUrl }: { anchors: Map<string, string>; registerUrl: string }): string {
  const register = (ids: readonly string[] = []) =>
    ids.map((id) => (anchors.has(id) ? `[${id}](${registerUrl}#${anchors.get(id)})` : id)).join(', ');
  const lines = [
    '# Drift report',
    '',
    `**${verdictLine(report)}. Exit code ${report.exitCode}.**`,
    '',
    ...glance(report),
    '',
    '## Operations',
    '',
    '| Operation | Method | Path | Result | Statuses checked | Request id | Findings | Reason |',
    '|---|---|---|---|---|---|---|---|',
    ...report.operations.map((operation) => {
      const found = findingsOf(report, operation.operationId).length;
      const result = operation.result === 'ok' ? 'ok' : `**${operation.result}**`;
      const requestId = operation.requestId ? code(operation.requestId) : '';
      return row([operation.operationId, operation.method, code(operation.path), result, operation.statuses.join(', '), requestId,
        found || '', operation.reason ?? '']);
    }),
  ];
  // A run that could not run lists its problems right under the verdict.
  if (report.problems.length > 0 && report.verdict !== 'could-not-run') {
    lines.push('', '## Problems', '', ...report.problems.map((problem) => `- ${oneLine(problem)}`));
  }
  for (const operation of report.operations.filter((entry) => entry.result === 'drift')) {
    const found = findingsOf(report, operation.operationId);
    lines.push('', `## ${operation.operationId}: ${found.length} finding(s)`, '', `\`${operation.method} ${operation.path}\``, '');
    lines.push('| # | Kind | Severity | Baseline | Status | Location | Expected | Actual | Register |', '|---|---|---|---|---|---|---|---|---|');
    found.forEach((finding, index) => {
      const { kind, severity, status, location, expected, actual } = finding;
      const baseline = finding.acknowledged ? `known (${finding.acknowledged.register})` : '**new**';
      lines.push(row([index + 1, kind, severity, baseline, status, code(location), expected, actual, register(finding.discrepancy)]));
    });
    found.forEach((finding, index) => {
      const seen = [
        `case \`${finding.case}\``,
        finding.requestId ? `request id \`${finding.requestId}\`` : '',
        finding.occurrences ? `${finding.occurrences} times` : '',
      ].filter(Boolean);
      lines.push('', `**${index + 1}. ${finding.kind}** at \`${finding.location}\`: ${oneLine(finding.message)} (${seen.join(', ')}).`);
      if (finding.acknowledged) {
        const { register: id, note, date } = finding.acknowledged;
        lines.push('', `Known since ${date} (${register([id])}): ${oneLine(note)}`);
      }
      if (finding.suggestion) lines.push('', ...suggestionLines(finding.suggestion, register));
      else if (finding.noSuggestion) lines.push('', `No spec change suggested: ${finding.noSuggestion}.`);
      if (finding.request) lines.push('', '```sh', curlFor(finding.request), '```');
    });
  }
  if (report.baseline.resolved.length > 0) {
    lines.push('', '## Resolved baseline entries', '', `These entries of \`${report.baseline.file}\` no longer occur although their operation was checked; remove them:`, '');
    for (const entry of report.baseline.resolved) {
      lines.push(`- ${entry.operationId} ${entry.status} ${entry.kind} at \`${entry.location}\` (${register([entry.register])}, accepted ${entry.date})`);
    }
  }
  if (report.replay) lines.push('', ...replayLines(report.replay));
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${oneLine(note)}`));
  lines.push('', '## Run', '', ...runTable(report));
  return `${lines.join('\n')}\n`;
}

/** Below the verdict: the counts, and what each severity found means. */
function glance(report: DriftReport): string[] {
  if (report.verdict === 'could-not-run') {
    return report.problems.length === 0 ? ['Nothing was checked.'] : ['Nothing was checked:', '', ...report.problems.map((problem) => `- ${problem}`)];
  }
  const { summary } = report;
  const results = `${summary.ok} ok, ${summary.drift} drift, ${summary.notReached} not reached, ${summary.skipped} skipped, ${summary.errors} error`;
  const meanings = (Object.keys(SEVERITY_MEANING) as Severity[])
    .filter((severity) => summary[severity] > 0)
    .map((severity) => `- ${summary[severity]} ${severity}: ${SEVERITY_MEANING[severity]}.`);
  return [`Operations: ${results}. The run fails on ${report.failOn} findings (DRIFT_FAIL_ON).`, ...(meanings.length ? ['', ...meanings] : [])];
}

function suggestionLines(suggestion: NonNullable<ReportedFinding['suggestion']>, register: (ids: readonly string[]) => string): string[] {
  const entry = 'update' in suggestion.register
    ? `then update ${register(suggestion.register.update)}`
    : `then record the decision as a new register entry (${suggestion.register.add})`;
  const lint = suggestion.lint?.length
    ? ['', `It breaks house rules of \`npm run lint\` (${suggestion.lint.map(oneLine).join('; ')}): the spec decided otherwise on purpose, so settle it in the register first.`]
    : [];
  return [`Suggested spec change (${suggestion.change}) at \`${suggestion.pointer}\`, ${entry}:`, '', '```yaml', suggestion.yaml.trimEnd(), '```', ...lint];
}

function replayLines(replay: NonNullable<DriftReport['replay']>): string[] {
  const lines = ['## Replay', '', `${replay.entries} exchange(s) read from \`${replay.file}\`, ${replay.judged} judged; nothing was sent.`];
  if (replay.unmatched.length > 0) {
    lines.push('', `Unmatched (calls of no operation of openapi.yaml on the target): ${replay.unmatched.length}`, '');
    for (const { entry, method, url, status, reason } of replay.unmatched) lines.push(`- entry ${entry}: ${method} \`${url}\` ${status}: ${reason}`);
  }
  if (replay.unjudged.length > 0) {
    lines.push('', `Not judged: ${replay.unjudged.length}`, '');
    for (const { entry, method, url, reason } of replay.unjudged) lines.push(`- entry ${entry}: ${method} \`${url}\`: ${reason}`);
  }
  return lines;
}

function runTable(report: DriftReport): string[] {
  const { requests } = report;
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  return [
    '| Run | |',
    '|---|---|',
    `| Target | ${report.target.kind}, \`${report.target.baseUrl}\` |`,
    `| Baseline | \`${report.baseline.file}\`, ${report.baseline.entries} entr${report.baseline.entries === 1 ? 'y' : 'ies'} |`,
    `| Spec | \`openapi.yaml\` version ${report.spec.version}, sha256 \`${report.spec.sha256}\` |`,
    `| Tool | \`${report.tool}\` |`,
    `| Time | ${report.startedAt} to ${report.finishedAt} (${seconds.toFixed(1)} s) |`,
    `| Requests | ${requests.sent} sent (at most ${requests.max}, ${requests.maxInFlight} at a time); ${requests.rateLimited} answered 429 and were repeated |`,
    ...(report.preflight ? [`| Preflight | ${report.preflight} |`] : []),
    ...(report.checkoutTokenPrefix ? [`| Created resources | checkoutToken prefix \`${report.checkoutTokenPrefix}\` |`] : []),
    ...(report.cleanup ?? []).map((entry) => row(['Cleanup', `${entry.kind} \`${entry.id}\`: ${entry.outcome}`])),
  ];
}

function row(cells: (string | number)[]): string {
  return `| ${cells.map((cell) => oneLine(String(cell)).replaceAll('|', '\\|')).join(' | ')} |`;
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
