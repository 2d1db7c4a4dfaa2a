// conomy-drift --accept <Dn> | --accept-all <Dn> [--note <text>]: adds the new findings of the
// last run (reports/drift.json) to drift-baseline.json under register entry Dn, which must exist.
// `--accept` takes the findings the spec already ties to Dn (their x-discrepancy); `--accept-all`
// takes every new finding. Nothing is written when the command is refused.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../contract/judge/findings.js';
import { acceptFindings, baselineMatcher, baselineText, readBaseline, type AcceptedFinding } from './report/baseline.js';
import { IN_OWN_REPOSITORY } from '../../lib/package-files.mjs';
import { readRegisterIds, REGISTER_PATH } from './report/register.js';
import { driftFiles } from './config.js';
import { DriftRefusal } from './errors.js';
import { REPORT_FILES } from './report/files.js';
import { shown, writeAtomically, type Print } from './report/write-reports.js';

export class AcceptRefused extends DriftRefusal {
  override name = 'AcceptRefused';
}

export interface AcceptOptions {
  register: string;
  all: boolean;
  note?: string;
  env?: Record<string, string | undefined>;
  /** Default: today (UTC). */
  date?: string;
  print?: Print;
}

/** Returns how many entries were added; throws AcceptRefused (or BaselineError) having written nothing. */
export function acceptLastRun(options: AcceptOptions): number {
  const { register, all } = options;
  const files = driftFiles(options.env ?? {});
  const flag = all ? '--accept-all' : '--accept';
  if (!/^D\d+$/.test(register)) throw new AcceptRefused(`${flag} needs a register entry id such as D7; got "${register}"`);
  const registerIds = readRegisterIds();
  if (!registerIds.has(register)) {
    // Only this repository can record a new decision; a project that installed the package accepts under an existing one.
    const next = IN_OWN_REPOSITORY
      ? 'record the decision there first, then accept the findings under it'
      : 'accept the findings under one of its entries and say why in --note';
    throw new AcceptRefused(`${register} is no entry of the discrepancy register ${shown(REGISTER_PATH)}: ${next}`);
  }
  const reportFile = join(files.reportsDir, REPORT_FILES.json);
  if (!existsSync(reportFile)) throw new AcceptRefused(`there is no last run to accept findings from: ${shown(reportFile)} does not exist (run a drift check first)`);
  let report: { verdict?: unknown; findings?: AcceptedFinding[] };
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as typeof report;
  } catch (error) {
    throw new AcceptRefused(`${shown(reportFile)} is not a drift report: ${(error as Error).message}`);
  }
  if (report.verdict === 'could-not-run' || !Array.isArray(report.findings)) {
    throw new AcceptRefused(`the last run (${shown(reportFile)}) could not run: it has no findings to accept`);
  }
  const baseline = readBaseline(files.baselineFile, registerIds);
  // New in that run, and not accepted since.
  const known = baselineMatcher(baseline);
  const fresh = report.findings.filter((finding) => finding.baseline !== 'known' && !known(finding as Finding));
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const { baseline: updated, added } = acceptFindings(baseline, fresh, { register, all, date, ...(options.note ? { note: options.note } : {}) });
  if (added.length === 0) {
    const others = fresh.filter((finding) => finding.discrepancy?.length).length;
    const hint = !all && fresh.length > 0
      ? `; ${fresh.length} new finding(s) are not tied to ${register} (${others} name other entries, ${fresh.length - others} none): use --accept-all ${register} to record them under ${register}`
      : '';
    throw new AcceptRefused(`no new finding of the last run ${all ? 'is left to accept' : `names ${register}`}${hint}`);
  }
  writeAtomically(files.baselineFile, baselineText(updated));
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  for (const entry of added) print(`drift: accepted under ${register}: ${entry.operationId} ${entry.status} ${entry.kind} at ${entry.location}`);
  print(`drift: ${added.length} finding(s) added to ${shown(files.baselineFile)}; commit it${IN_OWN_REPOSITORY ? ' with the register entry' : ''}`);
  return added.length;
}
