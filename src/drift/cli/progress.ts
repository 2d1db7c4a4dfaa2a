// What a run shows while it goes. On a terminal: one progress line (operations checked of all,
// requests used of the budget, the case just done), redrawn in place as requests go out and
// replaced by the verdict. Anywhere else (CI, a pipe, a file): plain lines, one per step, which a
// log keeps readable.
import type { DriftEvent } from '../run.js';
import type { Print } from '../report/write-reports.js';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal, where a line can be redrawn. */
  isTTY: boolean;
  /** The terminal's width, when known. */
  columns?: number;
}

export interface Progress {
  /** Prints a line of the verdict (clearing the progress line first). */
  print: Print;
  onEvent(event: DriftEvent): void;
}

/** The widest progress line, whatever the terminal: a line that wraps can no longer be redrawn. */
const MAX_LINE = 100;
const CLEAR_LINE = '\r\u001b[2K';

export function progressFor(output: Output, env: Record<string, string | undefined>): Progress {
  const live = output.isTTY && !inCi(env);
  const width = Math.min(MAX_LINE, (output.columns ?? MAX_LINE + 1) - 1);
  let showing = false;
  let shown = '';
  const print: Print = (line, stream = 'stdout') => {
    if (showing) output.stdout(CLEAR_LINE);
    showing = false;
    (stream === 'stderr' ? output.stderr : output.stdout)(`${line}\n`);
  };
  const draw = (line: string) => {
    output.stdout(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    showing = true;
  };
  const onEvent = (event: DriftEvent) => {
    if (event.type === 'request') {
      // Between two steps only the count of requests moves; a log gets no line for it.
      if (live && shown) draw(shown.replace(/\d+ of \d+ requests/, `${event.requests} of ${event.maxRequests} requests`));
      return;
    }
    shown = lineFor(event);
    if (live) draw(shown);
    else print(shown);
  };
  return { print, onEvent };
}

/** Whether the environment says CI (CI=true, CI=1, …; CI=false and CI=0 say it is not). */
function inCi(env: Record<string, string | undefined>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && !['', 'false', '0'].includes(value);
}

function lineFor(event: Exclude<DriftEvent, { type: 'request' }>): string {
  switch (event.type) {
    case 'preflight':
      return `drift: preflight ${event.check}; ${event.requests} of ${event.maxRequests} requests`;
    case 'case':
      return `drift: ${event.checked} of ${event.operations} operations checked, ${event.requests} of ${event.maxRequests} requests; done: ${event.name}`;
    case 'cleanup':
      return `drift: deleting ${event.resources} resource(s) the cases left behind; ${event.requests} of ${event.maxRequests} requests`;
  }
}
