// The two ways a drift command ends early, each with its own class so that nothing is sorted by
// message text. Both exit 2.
import type { ReasonCode } from './report/build-report.js';

/**
 * A live run that stops before it can judge the server (the spec, the configuration, the
 * baseline, the preflight): it still writes its reports, which say why, with `code` as reasonCode.
 */
export class DriftStopped<Code extends ReasonCode = ReasonCode> extends Error {
  override name = 'DriftStopped';
  constructor(
    readonly code: Code,
    message: string,
    /** The located problems behind it (one per variable, spec error or baseline line). */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * A command refused what it was given (a HAR it cannot read, a baseline it cannot use, an
 * --accept it cannot record, a spec it cannot judge by): the message names the problem, and
 * nothing was written.
 */
export class DriftRefusal extends Error {
  override name = 'DriftRefusal';
}
