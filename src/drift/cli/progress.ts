// What a run shows while it goes. On a terminal: one progress line (operations checked of all,
// requests used of the budget, the case under way), redrawn in place and replaced by the verdict.
// Anywhere else (CI, a pipe, a file): plain lines, one per step, which a log keeps readable.
import type { DriftEvent } from '../run.js';
import type { Print } from '../report/write-reports.js';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal, where a line can be redrawn. */
  isTTY: boolean;
}

export interface Progress {
  /** Prints a line of the verdict (clearing the progress line first). */
  print: Print;
  onEvent(event: DriftEvent): void;
}

/** The widest progress line: a longer one would wrap, and `\r` could no longer redraw it. */
const MAX_LINE = 100;
const CLEAR_LINE = '\r\u001b[2K';

export function progressFor(output: Output, env: Record<string, string | undefined>): Progress {
  const live = output.isTTY && !env.CI;
  let showing = false;
  const print: Print = (line, stream = 'stdout') => {
    if (showing) output.stdout(CLEAR_LINE);
    showing = false;
    (stream === 'stderr' ? output.stderr : output.stdout)(`${line}\n`);
  };
  const onEvent = (event: DriftEvent) => {
    const line = lineFor(event);
    if (!live) return print(line);
    output.stdout(`${CLEAR_LINE}${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line}`);
    showing = true;
  };
  return { print, onEvent };
}

function lineFor(event: DriftEvent): string {
  switch (event.type) {
    case 'preflight':
      return `drift: preflight ${event.check}; ${event.requests} of ${event.maxRequests} requests`;
    case 'case':
      return `drift: ${event.checked} of ${event.operations} operations checked, ${event.requests} of ${event.maxRequests} requests; done: ${event.name}`;
    case 'cleanup':
      return `drift: deleting ${event.resources} resource(s) the cases left behind`;
  }
}
