// @ts-check
// The drift history: one JSON line per drift run, appended by the run (src/drift/report/
// write-reports.ts), carried from run to run by the drift workflow, and drawn on drift.html by the
// docs build (lib/docs/history-chart.mjs). Writing and reading the line live here together, with
// the list of verdicts a run can end with, which the report (src/drift/report/build-report.ts)
// takes from here.

/** Every verdict of a drift run, from the best to the worst. */
export const VERDICTS = /** @type {const} */ (['ok', 'additive', 'warning', 'breaking', 'incomplete', 'could-not-run']);
const COUNTS = ['breaking', 'warning', 'additive', 'new', 'known'];

/**
 * @typedef {{ time: string, verdict: string, exitCode: number, breaking: number, warning: number,
 *   additive: number, new: number, known: number }} HistoryPoint
 */

/**
 * The history line of a drift report: its time, verdict, exit code, findings by severity and by new/known.
 * @param {{ finishedAt: string, verdict: string, exitCode: number, summary: Record<string, number> }} report
 * @returns {string}
 */
export function historyLine(report) {
  const { summary } = report;
  const point = {
    time: report.finishedAt,
    verdict: report.verdict,
    exitCode: report.exitCode,
    ...Object.fromEntries(COUNTS.map((name) => [name, summary[name] ?? 0])),
  };
  return `${JSON.stringify(point)}\n`;
}

/**
 * The runs of a history file, oldest first; a line that is not a run is an error naming it.
 * @param {string} text
 * @param {string} file for the messages
 * @returns {HistoryPoint[]}
 */
export function parseHistory(text, file) {
  /** @type {HistoryPoint[]} */
  const points = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    /** @type {any} */
    let value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not a JSON line: ${/** @type {Error} */ (error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not a JSON object`);
    if (typeof value.time !== 'string' || Number.isNaN(Date.parse(value.time))) throw new Error(`${where}: "time" is not a date`);
    if (!(/** @type {readonly string[]} */ (VERDICTS)).includes(value.verdict)) throw new Error(`${where}: "verdict" ${JSON.stringify(value.verdict)} is none of ${VERDICTS.join(', ')}`);
    for (const name of COUNTS) {
      if (!Number.isInteger(value[name]) || value[name] < 0) throw new Error(`${where}: "${name}" is not a count`);
    }
    points.push(value);
  });
  return points.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

