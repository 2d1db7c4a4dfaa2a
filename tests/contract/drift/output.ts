// Writing what a drift run or a replay concluded: the report files (each rendered from the one
// report object, masked, written atomically so a reader never sees half a file) and the lines
// printed at the end.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { REGISTER_PATH } from './baseline.js';
import type { DriftReport } from './report.js';
import { registerAnchors, renderJunit, renderMarkdown, verdictLine } from './render.js';

export type Print = (line: string, stream?: 'stdout' | 'stderr') => void;

/** drift.json, drift.md and drift.junit.xml of a report, each masked. */
export function reportFiles(
  report: DriftReport,
  reportsDir: string,
  env: Record<string, string | undefined>,
  mask: (text: string) => string,
): Record<string, string> {
  const registerUrl = githubRegisterUrl(env) ?? relative(reportsDir, REGISTER_PATH).split('\\').join('/');
  const anchors = registerAnchors(readFileSync(REGISTER_PATH, 'utf8'));
  return {
    'drift.json': mask(`${JSON.stringify(report, null, 2)}\n`),
    'drift.md': mask(renderMarkdown(report, { anchors, registerUrl })),
    'drift.junit.xml': mask(renderJunit(report)),
  };
}

/** Writes every file (atomically) and prints the verdict and where the files are. */
export function writeReports(report: DriftReport, reportsDir: string, files: Record<string, string>, print: Print): void {
  mkdirSync(reportsDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeAtomically(join(reportsDir, name), text);
  printVerdict(report, print);
  print(`drift: reports written to ${Object.keys(files).map((name) => shown(join(reportsDir, name))).join(', ')}`);
}

function printVerdict(report: DriftReport, print: Print): void {
  if (report.verdict === 'could-not-run') {
    for (const problem of report.problems) print(`drift: ${problem}`, 'stderr');
    print(`drift: could not run: ${report.reason}`, 'stderr');
    return;
  }
  for (const { severity, kind, operationId, status, location, message, acknowledged } of report.findings) {
    const known = acknowledged ? ` (known, ${acknowledged.register})` : '';
    print(`drift: ${severity}${known} ${kind}: ${operationId} ${status} at ${location}: ${message}`);
  }
  // A replay judges what the file holds; the operations it holds nothing of are in the reports only.
  const unchecked = report.replay ? ['ok', 'drift', 'skipped'] : ['ok', 'drift'];
  for (const operation of report.operations.filter((entry) => !unchecked.includes(entry.result))) {
    print(`drift: ${operation.result}: ${operation.operationId}: ${operation.reason ?? ''}`);
  }
  for (const entry of report.baseline.resolved) {
    print(`drift: resolved: ${entry.operationId} ${entry.status} ${entry.kind} at ${entry.location} no longer occurs; remove it from ${report.baseline.file}`);
  }
  for (const problem of report.problems) print(`drift: problem: ${problem}`);
  if (report.replay) {
    const { entries, judged, unmatched, unjudged } = report.replay;
    print(`drift: replay: ${entries} entries, ${judged} judged, ${unmatched.length} unmatched, ${unjudged.length} not judged (drift.md lists them)`);
  }
  for (const { kind, id, outcome } of report.cleanup ?? []) print(`drift: cleanup: ${kind} ${id}: ${outcome}`);
  const { requests } = report;
  const sent = report.replay ? 'nothing sent (replay)' : `${requests.sent} request(s), ${requests.rateLimited} repeated after a 429`;
  print(`drift: ${verdictLine(report)}; ${sent}`);
}

/** A path relative to the working directory when it is below it, else absolute. */
export function shown(file: string): string {
  const below = relative(process.cwd(), file);
  return below.startsWith('..') || isAbsolute(below) ? file : below;
}

export function defaultPrint(line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  (stream === 'stderr' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** In GitHub Actions the report is also shown in the job summary, where relative links break. */
function githubRegisterUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server && repository && sha ? `${server}/${repository}/blob/${sha}/docs/discrepancies.md` : undefined;
}

export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
