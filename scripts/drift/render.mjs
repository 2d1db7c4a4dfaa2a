// Renders a drift report (report.mjs) for people (Markdown) and for CI (JUnit XML). Both read
// only the report object and the logged calls, so they say exactly what drift.json says.
import { parseRegister } from '../../lib/register.mjs';

const VERDICTS = {
  ok: 'OK: no drift',
  additive: 'ADDITIVE DRIFT ONLY: the server sends more than the contract documents, nothing breaks',
  breaking: 'BREAKING DRIFT',
  incomplete: 'INCOMPLETE',
  'could-not-run': 'COULD NOT RUN',
};

/** `D3` -> `d3-checkout-payment-request-body-origins-or-payment-method`: GitHub's anchors of the register's entries. */
export function registerAnchors(registerMarkdown) {
  return new Map(parseRegister(registerMarkdown).map((entry) => [entry.id, entry.anchor]));
}

/** A curl command that repeats a logged call; credentials are already masked in the log. */
export function curlFor(exchange) {
  const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;
  const parts = [`curl${exchange.method === 'GET' ? '' : ` -X ${exchange.method}`} ${quote(exchange.url)}`];
  for (const [name, value] of Object.entries(exchange.requestHeaders ?? {})) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (exchange.requestBody) parts.push(`--data-raw ${quote(exchange.requestBody)}`);
  return parts.join(' \\\n  ');
}

/**
 * @param {object} report drift.json
 * @param {{ exchanges?: object[], anchors?: Map<string, string>, registerUrl?: string }} [options]
 *   registerUrl: where docs/discrepancies.md is, seen from the Markdown file
 */
export function renderMarkdown(report, { exchanges = [], anchors = new Map(), registerUrl = '../docs/discrepancies.md' } = {}) {
  const { summary } = report;
  const affected = new Set(report.findings.map((finding) => finding.operationId)).size;
  const counts =
    report.verdict === 'could-not-run'
      ? report.reason
      : `${summary.breaking} breaking and ${summary.additive} additive finding(s) on ${affected} of ${summary.operations} ` +
        `operations; ${summary.checked} checked, ${summary.skipped} skipped, ${summary.errors} error(s)` +
        (report.reason ? `. ${report.reason}` : '');
  const register = (ids = []) => ids.map((id) => (anchors.has(id) ? `[${id}](${registerUrl}#${anchors.get(id)})` : id)).join(', ');
  const { requests } = report;

  const lines = [
    '# Drift report',
    '',
    `**Verdict: ${VERDICTS[report.verdict] ?? report.verdict}. ${counts}. Exit code ${report.exitCode}.**`,
    '',
    '| Run | |',
    '|---|---|',
    `| Target | ${report.target.kind}, \`${report.target.baseUrl}\` |`,
    `| Spec | \`openapi.yaml\` version ${report.spec.version}, sha256 \`${report.spec.sha256}\` |`,
    `| Tool | \`${report.tool}\` |`,
    `| Time | ${report.startedAt} to ${report.finishedAt} (${seconds(report).toFixed(1)} s) |`,
    ...(requests ? [`| Requests | ${requests.sent} sent (at most ${requests.max}, ${requests.maxInFlight} at a time) |`] : []),
    ...(report.checkoutTokenPrefix ? [`| Created resources | checkoutToken prefix \`${report.checkoutTokenPrefix}\` |`] : []),
    '',
    '## Operations',
    '',
    '| Operation | Method | Path | Result | Status | Request id | Findings | Reason |',
    '|---|---|---|---|---|---|---|---|',
    ...report.operations.map((operation) => {
      const found = findingsOf(report, operation).length;
      const result = operation.result === 'ok' ? 'ok' : `**${operation.result}**`;
      const requestId = operation.requestId ? code(operation.requestId) : '';
      return row([operation.operationId, operation.method, code(operation.path), result, operation.status ?? '', requestId,
        found || '', operation.reason ?? '']);
    }),
  ];
  if (report.problems.length > 0) {
    lines.push('', '## Problems outside the contract cases', '', ...report.problems.map((problem) => `- ${oneLine(problem)}`));
  }
  for (const operation of report.operations.filter((entry) => entry.result === 'drift')) {
    const found = findingsOf(report, operation);
    lines.push('', `## ${operation.operationId}: ${found.length} finding(s)`, '', `\`${operation.method} ${operation.path}\``, '');
    lines.push('| # | Kind | Severity | Status | Location | Expected | Actual | Register |', '|---|---|---|---|---|---|---|---|');
    found.forEach((finding, index) => {
      const { kind, severity, status, location, expected, actual } = finding;
      lines.push(row([index + 1, kind, severity, status, code(location), expected, actual, register(finding.discrepancy)]));
    });
    found.forEach((finding, index) => {
      const seen = [
        finding.case ? `case \`${finding.case}\`` : '',
        finding.requestId ? `request id \`${finding.requestId}\`` : '',
        finding.occurrences ? `${finding.occurrences} times` : '',
      ].filter(Boolean);
      lines.push('', `**${index + 1}. ${finding.kind}** at \`${finding.location}\`: ${oneLine(finding.message)} (${seen.join(', ')}).`);
      const exchange = exchanges.find((candidate) => candidate.seq === finding.call);
      if (exchange) lines.push('', '```sh', curlFor(exchange), '```');
    });
  }
  return `${lines.join('\n')}\n`;
}

export function renderJunit(report) {
  const failed = report.operations.filter((operation) => breaking(findingsOf(report, operation)).length > 0);
  const { summary } = report;
  const counts =
    `tests="${report.operations.length}" failures="${failed.length}" errors="${summary.errors}" ` +
    `skipped="${summary.skipped}" time="${seconds(report).toFixed(3)}"`;
  const cases = report.operations.map((operation) => {
    const found = findingsOf(report, operation);
    const additive = found.filter((finding) => finding.severity === 'additive');
    const body = [
      ...breaking(found).map((finding) => {
        const message = `${finding.location}: expected ${finding.expected}, got ${finding.actual}`;
        return `      <failure type="${xml(finding.kind)}" message="${xml(message)}">${xml(details(finding))}</failure>`;
      }),
      ...(operation.result === 'error' ? [`      <error message="${xml(operation.reason ?? 'error')}"/>`] : []),
      ...(operation.result === 'skipped' ? [`      <skipped message="${xml(operation.reason ?? 'skipped')}"/>`] : []),
      ...(additive.length > 0 ? [`      <system-out>${xml(additive.map(additiveNote).join('\n\n'))}</system-out>`] : []),
    ];
    const name = `${operation.operationId} ${operation.method} ${operation.path}`;
    const open = `    <testcase classname="drift.${xml(report.target.kind)}" name="${xml(name)}" time="0"`;
    return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, '    </testcase>'].join('\n');
  });
  const property = (name, value) => `      <property name="${name}" value="${xml(value)}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drift" ${counts}>`,
    `  <testsuite name="${xml(`drift ${report.target.kind} ${report.target.baseUrl}`)}" ${counts} timestamp="${xml(report.startedAt)}">`,
    '    <properties>',
    property('verdict', report.verdict),
    property('exitCode', report.exitCode),
    property('spec.sha256', report.spec.sha256),
    ...(report.reason ? [property('reason', report.reason)] : []),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function additiveNote(finding) {
  return `additive: ${details(finding)}`;
}

function findingsOf(report, operation) {
  return report.findings.filter((finding) => finding.operationId === operation.operationId);
}

function breaking(findings) {
  return findings.filter((finding) => finding.severity === 'breaking');
}

function seconds(report) {
  return (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
}

function details(finding) {
  return [
    `${finding.operationId} ${finding.status} ${finding.kind} at ${finding.location}: ${finding.message}`,
    `expected: ${finding.expected}`,
    `actual: ${finding.actual}`,
    finding.discrepancy ? `register: ${finding.discrepancy.join(', ')}` : '',
    finding.requestId ? `request id: ${finding.requestId}` : '',
    finding.case ? `case: ${finding.case}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function row(cells) {
  return `| ${cells.map((cell) => oneLine(String(cell)).replaceAll('|', '\\|')).join(' | ')} |`;
}

function code(text) {
  return `\`${String(text).replaceAll('`', "'")}\``;
}

function oneLine(text) {
  return String(text).replace(/\s*\n\s*/g, ' ');
}

function xml(text) {
  return String(text)
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
