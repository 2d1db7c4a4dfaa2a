#!/usr/bin/env node
// What the drift workflow does about the GitHub issue that tracks new drift (label `drift`):
//   open    a run has new breaking findings and no such issue is open;
//   update  a run has new breaking findings and the issue is open (a comment with this run's);
//   close   the issue is open and a run passed (exit 0: known findings at most);
//   nothing otherwise: a clean run with no issue, or a run that could not judge (exit 2 without
//           new breaking findings) and so cannot say the drift is gone.
// Known findings never open an issue. The decision is this small function; the workflow only
// carries it out with `gh`.
//
//   node scripts/drift-issue.mjs <drift.json> <open-issues.json> <body.md>
// reads the report and `gh issue list --label drift --state open --json number` output, writes
// the issue text to <body.md> and prints the decision as JSON ({"action", "number"?, "title"?}).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LABEL = 'drift';

/**
 * @param {{ verdict: string, exitCode: number, reason?: string, findings: Array<Record<string, any>>, summary: Record<string, number>, target?: { baseUrl?: string } }} report
 * @param {Array<{ number: number }>} openIssues
 * @param {string} [runUrl]
 * @returns {{ action: 'open' | 'update' | 'close' | 'nothing', number?: number, title?: string, body: string, why: string }}
 */
export function decideDriftIssue(report, openIssues, runUrl) {
  const fresh = (report.findings ?? []).filter((finding) => finding.severity === 'breaking' && finding.baseline !== 'known');
  // The oldest open one, should there ever be two.
  const [open] = [...openIssues].sort((a, b) => a.number - b.number);
  const run = runUrl ? ` ([run](${runUrl}))` : '';
  if (fresh.length > 0) {
    const body = issueBody(report, fresh, runUrl);
    if (open) return { action: 'update', number: open.number, body, why: `${fresh.length} new breaking finding(s); issue #${open.number} is open` };
    const title = `Drift: ${fresh.length} new breaking finding(s) between the sandbox and openapi.yaml`;
    return { action: 'open', title, body, why: `${fresh.length} new breaking finding(s) and no open drift issue` };
  }
  if (open && report.exitCode === 0) {
    const known = report.summary?.known ? ` ${report.summary.known} known finding(s) remain, acknowledged in drift-baseline.json.` : '';
    return { action: 'close', number: open.number, body: `A drift run passed${run}: no new breaking finding.${known}`, why: 'the run passed' };
  }
  const why = open ? `the run did not pass (exit ${report.exitCode}) but found no new breaking drift; the issue stays as it is` : 'no new breaking drift and no open issue';
  return { action: 'nothing', body: '', why };
}

function issueBody(report, findings, runUrl) {
  const lines = [
    `The scheduled drift run found ${findings.length} new breaking finding(s)${runUrl ? ` in [this run](${runUrl})` : ''}.`,
    '',
    '| Operation | Status | Kind | Location | Suggested spec change |',
    '|---|---|---|---|---|',
    ...findings.map((finding) => {
      const change = finding.suggestion ? `${finding.suggestion.change} at \`${finding.suggestion.pointer}\`` : (finding.noSuggestion ?? '');
      return `| ${finding.operationId} | ${finding.status} | ${finding.kind} | \`${finding.location}\` | ${change.replaceAll('|', '\\|')} |`;
    }),
    '',
    'Settle each one (README, "From finding to decision"): decide in the register (docs/discrepancies.md), then',
    'either change openapi.yaml (the suggestion in drift.md; check it with `npm run drift -- --replay reports/drift.har`)',
    'or acknowledge the finding with `npm run drift -- --accept <Dn>` and commit drift-baseline.json.',
    'The full report is in the job summary and the drift-reports artifact.',
  ];
  return `${lines.join('\n')}\n`;
}

function main([reportFile, issuesFile, bodyFile], env) {
  if (!reportFile || !issuesFile || !bodyFile) {
    process.stderr.write('usage: node scripts/drift-issue.mjs <drift.json> <open-issues.json> <body.md>\n');
    return 2;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const issues = JSON.parse(readFileSync(issuesFile, 'utf8'));
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  const runUrl = server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
  const { body, ...decision } = decideDriftIssue(report, issues, runUrl);
  writeFileSync(bodyFile, body);
  process.stdout.write(`${JSON.stringify(decision)}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2), process.env);
