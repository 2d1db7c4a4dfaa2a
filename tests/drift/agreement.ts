// The three reports of a run must say the same thing: drift.md and drift.junit.xml are read
// back here (with plain string parsing: both formats are ours and simple) and compared with
// drift.json, operation by operation and finding by finding.
import { expect } from 'vitest';
import type { DriftReport, DriftRun } from './harness.js';

export function expectReportsAgree(run: DriftRun): DriftReport {
  expect(Object.keys(run.files).sort()).toEqual(['drift.json', 'drift.junit.xml', 'drift.md']);
  const report = run.report as DriftReport;
  expectJsonShape(report);
  expectMarkdownAgrees(report, run.files['drift.md'] ?? '');
  expectJunitAgrees(report, run.files['drift.junit.xml'] ?? '');
  expect(run.code, 'exit code').toBe(report.exitCode);
  return report;
}

function expectJsonShape(report: DriftReport): void {
  expect(report.tool).toMatch(/^@conomy\/checkout-contract@\d+\.\d+\.\d+/);
  expect(report.spec.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(report.target.kind).toBe('sandbox');
  expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
  expect(report.operations).toHaveLength(16);
  const results = (name: string) => report.operations.filter((operation) => operation.result === name).length;
  expect(report.summary).toEqual({
    operations: 16,
    checked: results('ok') + results('drift'),
    skipped: results('skipped'),
    errors: results('error'),
    breaking: report.findings.filter((finding) => finding.severity === 'breaking').length,
    additive: report.findings.filter((finding) => finding.severity === 'additive').length,
  });
  for (const operation of report.operations) {
    expect(['ok', 'drift', 'skipped', 'error']).toContain(operation.result);
    const explained = operation.result === 'skipped' || operation.result === 'error';
    if (explained) expect(operation.reason, operation.operationId).toBeTruthy();
    const drifted = report.findings.some((finding) => finding.operationId === operation.operationId);
    expect(operation.result === 'drift', `${operation.operationId} is drift exactly when a finding names it`).toBe(drifted);
  }
  for (const finding of report.findings) {
    expect(finding.severity).toBe(finding.kind === 'undocumented-field' ? 'additive' : 'breaking');
    const operation = report.operations.find((candidate) => candidate.operationId === finding.operationId);
    expect({ method: finding.method, path: finding.path }).toEqual({ method: operation?.method, path: operation?.path });
  }
}

function expectMarkdownAgrees(report: DriftReport, markdown: string): void {
  expect(markdown).toContain(`Exit code ${report.exitCode}.**`);
  const rows = markdown
    .split('\n')
    .filter((line) => /^\| [A-Za-z]+ \| (GET|POST|DELETE) \|/.test(line))
    .map((line) => line.slice(2, -2).split(' | '));
  expect(rows.map((cells) => cells[0])).toEqual(report.operations.map((operation) => operation.operationId));
  for (const [index, operation] of report.operations.entries()) {
    const cells = rows[index] ?? [];
    const findings = report.findings.filter((finding) => finding.operationId === operation.operationId).length;
    expect(cells[3]?.replaceAll('*', ''), `${operation.operationId} result`).toBe(operation.result);
    expect(cells[4], `${operation.operationId} status`).toBe(operation.status === undefined ? '' : String(operation.status));
    expect(cells[6], `${operation.operationId} findings`).toBe(findings === 0 ? '' : String(findings));
  }
  for (const finding of report.findings) {
    expect(markdown).toMatch(new RegExp(`\\*\\*\\d+\\. ${finding.kind}\\*\\* at \`${escapeRegExp(finding.location)}\``));
  }
}

function expectJunitAgrees(report: DriftReport, xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
  expect(count(/<testcase /g)).toBe(report.operations.length);
  expect(count(/<failure /g)).toBe(report.summary.breaking);
  expect(count(/<skipped /g)).toBe(report.summary.skipped);
  expect(count(/<error /g)).toBe(report.summary.errors);
  const breaking = report.findings.filter((finding) => finding.severity === 'breaking');
  const failedOperations = new Set(breaking.map((finding) => finding.operationId));
  const suite = /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml);
  expect(suite?.slice(1).map(Number)).toEqual([16, failedOperations.size, report.summary.errors, report.summary.skipped]);
  expect(xml).toContain(`<property name="exitCode" value="${report.exitCode}"/>`);
  for (const operation of report.operations) expect(xml).toContain(`name="${operation.operationId} ${operation.method} `);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
