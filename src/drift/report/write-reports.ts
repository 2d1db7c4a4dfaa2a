// The one report pipeline of every drift command: a live run, a run that could not run, and a
// replay. From what the command observed: the report object (build-report.ts), with a suggested
// spec change per breaking finding (suggest.ts), linted where the lint can run
// (apply-suggestions.ts); the report files rendered from it, each masked by the run's redactor and
// written atomically (a reader never sees half a file); for a live run its exchanges as drift.har
// and a line appended to the history file; and the verdict printed.
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { historyLine } from '../../../lib/drift-history.mjs';
import { lintUnavailable } from '../../../lib/redocly-lint.mjs';
import { VERSION } from '../../generated/version.js';
import type { Redactor } from '../../internal/log.js';
import type { ContractSpec } from '../../contract/spec/contract-spec.js';
import { TOOL } from '../config.js';
import { withLintedSuggestions } from './apply-suggestions.js';
import { buildReport, type DriftReport, type RunObservations } from './build-report.js';
import { REPORT_FILES } from './files.js';
import { harOf } from './har.js';
import { readRegisterIds, registerAnchors, registerUrl } from './register.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown, verdictLine } from './render-markdown.js';
import { suggestSpecChanges } from './suggest.js';


export type Print = (line: string, stream?: 'stdout' | 'stderr') => void;

export interface ReportOptions {
  reportsDir: string;
  /** Masks every credential of the run in every file and printed line. */
  redactor: Redactor;
  /** Where the verdict lines go (default: stdout; could-not-run problems to stderr). */
  print?: Print;
  /** GitHub Actions' variables, to link the register on github.com from the job summary. */
  env?: Record<string, string | undefined>;
  /** The spec the run judged by, for the suggested changes; none when it could not be loaded. */
  spec?: ContractSpec;
  /**
   * Lint the spec with every suggestion applied, to say which house rule each would break
   * (default true; it costs one `redocly lint`, which tests running many servers in a row skip).
   */
  lintSuggestions?: boolean;
  /** A live run: its exchanges go into drift.har, and a line into this history file. */
  live?: { historyFile: string };
}

export interface WrittenReport {
  /** drift.json as written (masked). */
  report: DriftReport;
  /** Name -> text of every report file written. */
  files: Record<string, string>;
}

export async function writeReports(observations: Omit<RunObservations, 'suggest'>, options: ReportOptions): Promise<WrittenReport> {
  const { redactor, spec } = options;
  const mask = (text: string) => redactor.text(text);
  const print: Print = (line, stream) => (options.print ?? defaultPrint)(mask(line), stream);
  const built = withSuggestions(observations, spec);
  const report = options.lintSuggestions === false || !spec ? built : await linted(built, spec.file);
  const files: Record<string, string> = {
    [REPORT_FILES.json]: mask(`${JSON.stringify(report, null, 2)}\n`),
    [REPORT_FILES.markdown]: mask(renderMarkdown(report, { anchors: registerAnchors(), registerUrl: registerUrl(options.reportsDir, options.env ?? {}) })),
    [REPORT_FILES.junit]: mask(renderJunit(report)),
    ...(options.live ? { [REPORT_FILES.har]: mask(`${JSON.stringify(harOf(observations.records, { name: TOOL, version: VERSION }, report.target.baseUrl), null, 2)}\n`) } : {}),
  };
  // The verdict first: should the files not be written, what the run found is still on the screen.
  printVerdict(report, print);
  try {
    mkdirSync(options.reportsDir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeAtomically(join(options.reportsDir, name), text);
  } catch (error) {
    throw new Error(`the reports could not be written to ${shown(options.reportsDir)} (DRIFT_REPORTS_DIR): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const written = Object.keys(files).map((name) => shown(join(options.reportsDir, name)));
  if (options.live && appendHistory(options.live.historyFile, mask(historyLine(report)), print)) written.push(shown(options.live.historyFile));
  print(`drift: reports written to ${written.join(', ')}`);
  return { report: JSON.parse(files[REPORT_FILES.json] ?? '{}') as DriftReport, files };
}

/**
 * The report with a suggested spec change per breaking finding. Working them out can fail on a spec
 * or an answer nobody foresaw: the report is then written without them, saying why, rather than lost.
 */
function withSuggestions(observations: Omit<RunObservations, 'suggest'>, spec: ContractSpec | undefined): DriftReport {
  if (!spec) return buildReport(observations);
  try {
    return buildReport({ ...observations, suggest: (items) => suggestSpecChanges(items, spec, [...readRegisterIds()]) });
  } catch (error) {
    const report = buildReport(observations);
    return { ...report, notes: [...report.notes, `no spec change is suggested: working them out failed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

/** The report with `suggestion.lint` on each suggestion a house rule refuses, or a note of why there is no lint. */
async function linted(report: DriftReport, specFile: string): Promise<DriftReport> {
  if (!report.findings.some((finding) => finding.suggestion)) return report;
  const note = (why: string): DriftReport => ({ ...report, notes: [...report.notes, `the suggested spec changes were not linted: ${why}`] });
  const unavailable = lintUnavailable();
  if (unavailable) return note(unavailable);
  try {
    return { ...report, findings: await withLintedSuggestions(report.findings, specFile) };
  } catch (error) {
    return note(error instanceof Error ? error.message : String(error));
  }
}

/** Whether the line was appended. The reports are written; a history that cannot grow is said, and changes no verdict. */
function appendHistory(file: string, line: string, print: Print): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, line);
    return true;
  } catch (error) {
    print(`drift: the run could not be appended to the history file ${shown(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'stderr');
    return false;
  }
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

export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
