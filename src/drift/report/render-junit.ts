// drift.junit.xml: a drift report (build-report.ts) for CI dashboards. One test case per
// operation, a failure per new finding that fails the run, and a "drift run" case with an error
// when the run could not run or is incomplete, so that a dashboard counting test cases sees it.
import type { Severity } from '../../contract/judge/findings.js';
import { findingsOf, type DriftReport, type ReportedFinding } from './build-report.js';

export function renderJunit(report: DriftReport): string {
  const failing = failingFindings(report);
  const failedOperations = new Set(failing.map((finding) => finding.operationId));
  const incomplete = report.operations.filter((operation) => operation.result === 'error' || operation.result === 'not-reached');
  const skipped = report.operations.filter((operation) => operation.result === 'skipped');
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  // A run that could not run or is incomplete fails as a whole, also on a dashboard that counts test cases.
  const runCase = report.exitCode === 2 ? [runTestcase(report)] : [];
  const counts =
    `tests="${report.operations.length + runCase.length}" failures="${failedOperations.size}" ` +
    `errors="${incomplete.length + runCase.length}" skipped="${skipped.length}" time="${seconds.toFixed(3)}"`;
  const cases = report.operations.map((operation) => {
    const found = findingsOf(report, operation.operationId);
    const notes = found.filter((finding) => !failing.includes(finding));
    const body = [
      ...found.filter((finding) => failing.includes(finding)).map((finding) => {
        const message = `${finding.location}: expected ${finding.expected}, got ${finding.actual}`;
        return `      <failure type="${xml(finding.kind)}" message="${xml(message)}">${xml(details(finding))}</failure>`;
      }),
      ...(incomplete.includes(operation) ? [`      <error message="${xml(`${operation.result}: ${operation.reason ?? ''}`)}"/>`] : []),
      ...(skipped.includes(operation) ? [`      <skipped message="${xml(operation.reason ?? 'skipped')}"/>`] : []),
      ...(notes.length > 0 ? [`      <system-out>${xml(notes.map((finding) => `${finding.severity}: ${details(finding)}`).join('\n\n'))}</system-out>`] : []),
    ];
    const name = `${operation.operationId} ${operation.method} ${operation.path}`;
    const open = `    <testcase classname="drift.${xml(report.target.kind)}" name="${xml(name)}" time="0"`;
    return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, '    </testcase>'].join('\n');
  });
  const property = (name: string, value: string | number) => `      <property name="${name}" value="${xml(value)}"/>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drift" ${counts}>`,
    `  <testsuite name="${xml(`drift ${report.target.kind} ${report.target.baseUrl}`)}" ${counts} timestamp="${xml(report.startedAt)}">`,
    '    <properties>',
    property('verdict', report.verdict),
    property('exitCode', report.exitCode),
    property('failOn', report.failOn),
    property('spec.sha256', report.spec.sha256),
    ...(report.reason ? [property('reason', report.reason)] : []),
    '    </properties>',
    ...runCase,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function runTestcase(report: DriftReport): string {
  const message = `${report.verdict}: ${report.reason ?? ''}`;
  return [`    <testcase classname="drift.${xml(report.target.kind)}" name="drift run" time="0">`, `      <error message="${xml(message)}"/>`, '    </testcase>'].join('\n');
}

/** The findings that fail the run: new breaking ones, and new warnings with DRIFT_FAIL_ON=warning. */
function failingFindings(report: DriftReport): ReportedFinding[] {
  const failing: Severity[] = report.failOn === 'warning' ? ['breaking', 'warning'] : ['breaking'];
  return report.findings.filter((finding) => finding.baseline === 'new' && failing.includes(finding.severity));
}

function details(finding: ReportedFinding): string {
  return [
    `${finding.operationId} ${finding.status} ${finding.kind} at ${finding.location}: ${finding.message}`,
    `expected: ${finding.expected}`,
    `actual: ${finding.actual}`,
    finding.discrepancy ? `register: ${finding.discrepancy.join(', ')}` : '',
    finding.requestId ? `request id: ${finding.requestId}` : '',
    `case: ${finding.case}`,
  ]
    .filter(Boolean)
    .join('\n');
}

function xml(text: string | number): string {
  return String(text)
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
