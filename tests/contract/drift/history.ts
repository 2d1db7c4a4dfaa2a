// The drift history: one JSON line per run (the drift workflow carries the file from run to run),
// which the docs build draws as a chart above the latest report (npm run docs -- --drift-history).
import type { DriftReport } from './report.js';

export interface HistoryPoint {
  time: string;
  verdict: DriftReport['verdict'];
  exitCode: DriftReport['exitCode'];
  breaking: number;
  warning: number;
  additive: number;
  new: number;
  known: number;
}

export function historyLine(report: DriftReport): string {
  const { summary } = report;
  const point: HistoryPoint = {
    time: report.finishedAt,
    verdict: report.verdict,
    exitCode: report.exitCode,
    breaking: summary.breaking,
    warning: summary.warning,
    additive: summary.additive,
    new: summary.new,
    known: summary.known,
  };
  return `${JSON.stringify(point)}\n`;
}
