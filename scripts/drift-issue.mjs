#!/usr/bin/env node
// What the drift workflow does about the GitHub issue that tracks new drift (label `drift`, and a
// marker in its body, so an issue a person opened with that label is never touched):
//   open    a run has new breaking findings and no such issue is open;
//   update  a run has new breaking findings and the issue is open: its body shows this run, and a
//           comment is added only when the set of new breaking findings changed (no daily noise);
//   close   the issue is open and a run judged everything without a new breaking finding (exit
//           0, or 1 for warnings only): the drift that opened it is settled or acknowledged;
//   nothing otherwise: a clean run and no issue, or a run that could not judge (exit 2 without
//           new breaking findings) and so cannot say the drift is gone.
// Known findings never open an issue. The decision is this small function; the workflow only
// carries it out with `gh`.
//
//   node scripts/drift-issue.mjs <drift.json> <open-issues.json> <body.md> <comment.md>
// reads the report and `gh issue list --label drift --state open --json number,body` output,
// writes the issue text and the comment (empty when there is none), and prints the decision as
// JSON ({"action", "number"?, "title"?, "comment": boolean, "why"}).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findingIdentity } from '../src/drift/report/finding-identity.js';

export const LABEL = 'drift';
const MARKER = '<!-- conomy-drift-issue -->';

/**
 * @param {{ verdict: string, exitCode: number, reason?: string, findings: Array<Record<string, any>>, summary: Record<string, number> }} report
 * @param {Array<{ number: number, body?: string }>} openIssues
 * @param {string} [runUrl]
 * @returns {{ action: 'open' | 'update' | 'close' | 'nothing', number?: number, title?: string, body: string, comment?: string, why: string }}
 */
export function decideDriftIssue(report, openIssues, runUrl) {
  const fresh = (report.findings ?? []).filter((finding) => finding.severity === 'breaking' && finding.baseline !== 'known');
  // Ours only (the marker), the oldest should there ever be two.
  const [open] = openIssues.filter((issue) => issue.body?.includes(MARKER)).sort((a, b) => a.number - b.number);
  const run = runUrl ? ` ([run](${runUrl}))` : '';
  if (fresh.length > 0) {
    // The set of new breaking findings, each by the identity the baseline and the report use: the
    // same drift in another list item is the same finding, and does not make the issue "change".
    const fingerprint = createHash('sha256').update([...new Set(fresh.map(findingIdentity))].sort().join('\n')).digest('hex').slice(0, 16);
    const body = issueBody(fresh, runUrl, fingerprint);
    if (!open) {
      const title = `Drift: ${fresh.length} new breaking finding(s) between the sandbox and openapi.yaml`;
      return { action: 'open', title, body, why: `${fresh.length} new breaking finding(s) and no open drift issue` };
    }
    const changed = !open.body?.includes(`<!-- findings ${fingerprint} -->`);
    const comment = changed ? `The new breaking findings changed${run}: now ${fresh.length}; the issue text shows them.` : undefined;
    const why = `${fresh.length} new breaking finding(s); issue #${open.number} is open${changed ? ' and they changed' : ', the same as before'}`;
    return { action: 'update', number: open.number, body, ...(comment ? { comment } : {}), why };
  }
  const judged = report.exitCode === 0 || report.exitCode === 1;
  if (open && judged) {
    const known = report.summary?.known ? ` ${report.summary.known} known finding(s) remain, acknowledged in drift-baseline.json.` : '';
    return { action: 'close', number: open.number, body: '', comment: `A drift run found no new breaking drift${run}.${known}`, why: 'no new breaking finding' };
  }
  const why = open ? `the run could not judge (exit ${report.exitCode}); the issue stays as it is` : 'no new breaking drift and no open drift issue';
  return { action: 'nothing', body: '', why };
}

/**
 * @param {Array<Record<string, any>>} findings
 * @param {string | undefined} runUrl
 * @param {string} fingerprint
 */
function issueBody(findings, runUrl, fingerprint) {
  const lines = [
    MARKER,
    `<!-- findings ${fingerprint} -->`,
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

function main([reportFile, issuesFile, bodyFile, commentFile], env) {
  if (!reportFile || !issuesFile || !bodyFile || !commentFile) {
    process.stderr.write('usage: node scripts/drift-issue.mjs <drift.json> <open-issues.json> <body.md> <comment.md>\n');
    return 2;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const issues = JSON.parse(readFileSync(issuesFile, 'utf8'));
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  const runUrl = server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
  const { body, comment, ...decision } = decideDriftIssue(report, issues, runUrl);
  writeFileSync(bodyFile, body);
  writeFileSync(commentFile, comment ?? '');
  process.stdout.write(`${JSON.stringify({ ...decision, comment: comment !== undefined })}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2), process.env);
