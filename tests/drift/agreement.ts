// The reports of a run must say the same thing: drift.md and drift.junit.xml are read back here
// (with plain string parsing: both formats are ours and simple) and compared with drift.json,
// operation by operation and finding by finding; drift.har must hold the exchange of every finding
// and read back as a replayable HAR; the history file gets one line that agrees with drift.json.
import { expect } from 'vitest';
import { readHar } from '../../src/drift/report/har.js';
import { severityOf } from '../../src/contract/judge/findings.js';
import type { DriftReport } from '../../src/drift/report/build-report.js';
import type { DriftRun } from './harness.js';
import { OPERATIONS } from '../../src/generated/operations.js';

/** Every operation of openapi.yaml: the report judges each. */
export const OPERATION_COUNT = Object.keys(OPERATIONS).length;

const RESULTS = ['ok', 'drift', 'not-reached', 'skipped', 'error'];

/** A run's reports; a replay writes no HAR and no history line of its own. */
export function expectReportsAgree(run: DriftRun, { replay = false } = {}): DriftReport {
  const written = replay ? ['drift.json', 'drift.junit.xml', 'drift.md'] : ['drift-history.jsonl', 'drift.har', 'drift.json', 'drift.junit.xml', 'drift.md'];
  expect(Object.keys(run.files).sort()).toEqual(written);
  const report = run.report as DriftReport;
  expectJsonShape(report, replay ? 'replay' : 'sandbox');
  expectMarkdownAgrees(report, run.files['drift.md'] ?? '');
  expectJunitAgrees(report, run.files['drift.junit.xml'] ?? '');
  if (!replay) expectHarAndHistoryAgree(report, run.files['drift.har'] ?? '', run.files['drift-history.jsonl'] ?? '');
  expect(run.code, 'exit code').toBe(report.exitCode);
  return report;
}

function expectHarAndHistoryAgree(report: DriftReport, har: string, history: string): void {
  const exchanges = readHar(har, 'drift.har');
  const urls = new Set(exchanges.map((exchange) => `${exchange.method} ${exchange.url.href}`));
  for (const finding of report.findings) {
    if (finding.request) expect(urls, `the exchange of ${finding.kind} at ${finding.location}`).toContain(`${finding.request.method} ${new URL(finding.request.url).href}`);
  }
  const lines = history.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const { summary } = report;
  expect(JSON.parse(lines[0] ?? '')).toEqual({
    time: report.finishedAt, verdict: report.verdict, exitCode: report.exitCode,
    breaking: summary.breaking, warning: summary.warning, additive: summary.additive, new: summary.new, known: summary.known,
  });
}

function expectJsonShape(report: DriftReport, kind: DriftReport['target']['kind']): void {
  expect(report.tool).toMatch(/^@conomy\/checkout-contract@\d+\.\d+\.\d+/);
  expect(report.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(report.target.kind).toBe(kind);
  expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
  expect(report.operations).toHaveLength(OPERATION_COUNT);
  const results = (name: string) => report.operations.filter((operation) => operation.result === name).length;
  const severities = (name: string) => report.findings.filter((finding) => finding.severity === name).length;
  expect(report.summary).toEqual({
    operations: OPERATION_COUNT,
    checked: results('ok') + results('drift'),
    ok: results('ok'),
    drift: results('drift'),
    notReached: results('not-reached'),
    skipped: results('skipped'),
    errors: results('error'),
    breaking: severities('breaking'),
    warning: severities('warning'),
    additive: severities('additive'),
    new: report.findings.filter((finding) => finding.baseline === 'new').length,
    known: report.findings.filter((finding) => finding.baseline === 'known').length,
    resolved: report.baseline.resolved.length,
  });
  for (const operation of report.operations) {
    expect(RESULTS).toContain(operation.result);
    if (operation.result !== 'ok' && operation.result !== 'drift') expect(operation.reason, operation.operationId).toBeTruthy();
    if (operation.result === 'ok') {
      expect(operation.statuses.some((status) => status >= 200 && status < 300), `${operation.operationId} ok on a 2xx`).toBe(true);
    }
    const drifted = report.findings.some((finding) => finding.operationId === operation.operationId);
    expect(operation.result === 'drift', `${operation.operationId} is drift exactly when a finding names it`).toBe(drifted);
  }
  for (const finding of report.findings) {
    expect(finding.severity).toBe(severityOf(finding.kind));
    const operation = report.operations.find((candidate) => candidate.operationId === finding.operationId);
    expect({ method: finding.method, path: finding.path }).toEqual({ method: operation?.method, path: operation?.path });
  }
}

function expectMarkdownAgrees(report: DriftReport, markdown: string): void {
  expect(markdown.split('\n').slice(0, 3).join('\n')).toMatch(new RegExp(`^# Drift report\\n\\n\\*\\*.+ Exit code ${report.exitCode}\\.\\*\\*$`));
  const rows = markdown
    .split('\n')
    .filter((line) => /^\| [A-Za-z]+ \| (GET|POST|DELETE) \|/.test(line))
    .map((line) => line.slice(2, -2).split(' | '));
  expect(rows.map((cells) => cells[0])).toEqual(report.operations.map((operation) => operation.operationId));
  for (const [index, operation] of report.operations.entries()) {
    const cells = rows[index] ?? [];
    const findings = report.findings.filter((finding) => finding.operationId === operation.operationId).length;
    expect(cells[3]?.replaceAll('*', ''), `${operation.operationId} result`).toBe(operation.result);
    expect(cells[4], `${operation.operationId} statuses`).toBe(operation.statuses.join(', '));
    expect(cells[6], `${operation.operationId} findings`).toBe(findings === 0 ? '' : String(findings));
  }
  for (const finding of report.findings) {
    expect(markdown).toMatch(new RegExp(`\\*\\*\\d+\\. ${finding.kind}\\*\\* at \`${escapeRegExp(finding.location)}\``));
  }
  for (const problem of report.problems) expect(markdown).toContain(problem.split('\n')[0]);
}

function expectJunitAgrees(report: DriftReport, xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
  const failing = report.findings.filter(
    (finding) => finding.baseline === 'new' && (finding.severity === 'breaking' || (report.failOn === 'warning' && finding.severity === 'warning')),
  );
  // Besides one test case per operation, a run that exits 2 has a "drift run" case with an error.
  const runCase = report.exitCode === 2 ? 1 : 0;
  expect(count(/<testcase /g)).toBe(report.operations.length + runCase);
  expect(count(/name="drift run"/g)).toBe(runCase);
  expect(count(/<failure /g)).toBe(failing.length);
  expect(count(/<skipped /g)).toBe(report.summary.skipped);
  const errors = report.summary.errors + report.summary.notReached + runCase;
  expect(count(/<error /g)).toBe(errors);
  const suite = /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml);
  const failedOperations = new Set(failing.map((finding) => finding.operationId)).size;
  expect(suite?.slice(1).map(Number)).toEqual([OPERATION_COUNT + runCase, failedOperations, errors, report.summary.skipped]);
  expect(xml).toContain(`<property name="exitCode" value="${report.exitCode}"/>`);
  for (const operation of report.operations) expect(xml).toContain(`name="${operation.operationId} ${operation.method} `);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
