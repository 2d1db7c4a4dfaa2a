// conomy-drift: the command over the drift engine. It parses the command line, reads the
// configuration once, and runs one of three commands, each a call of the engine:
//   conomy-drift [--fail-on breaking|warning]              a live run (runDrift)
//   conomy-drift --replay <file.har> [--fail-on ...]       a replay, nothing sent (replayHar)
//   conomy-drift --accept <Dn> | --accept-all <Dn> [--note <text>]
//                                                          the last run's findings into the baseline
// Exit codes: 0 no failing drift, 1 drift that fails the run, 2 the run could not run or is
// incomplete, or the command was refused (a refusal names the problem and writes nothing).
import { resolve } from 'node:path';
import { VERSION } from '../../generated/version.js';
import { Redactor } from '../../internal/log.js';
import { acceptLastRun } from '../accept.js';
import { failOnProblem, readDriftConfig, TOOL, type FailOn } from '../config.js';
import { HISTORY_FILE, REPORT_FILES } from '../report/files.js';
import { CREDENTIAL_VARIABLES } from '../../internal/secrets.js';
import { DriftRefusal } from '../errors.js';
import { replayHar } from '../replay.js';
import { runDrift } from '../run.js';
import { progressFor, type Output } from './progress.js';

const USAGE = `usage: conomy-drift [--fail-on breaking|warning]
       conomy-drift --replay <file.har> [--fail-on breaking|warning]
       conomy-drift --accept <Dn> | --accept-all <Dn> [--note <text>]
       conomy-drift --help | --version`;

const HELP = `${TOOL}: checks a Conomy server against the openapi.yaml of this package, and reports
every place where they disagree.

${USAGE}

  (no flag)              check the server CONOMY_BASE_URL names (default the sandbox)
  --fail-on <severity>   breaking (default) or warning: the least severity that exits 1
  --replay <file.har>    judge recorded exchanges (a run's drift.har, or any HAR) again; sends nothing
  --accept <Dn>          add the last run's new findings that the spec ties to register entry Dn
                         to the baseline; --accept-all <Dn> adds every new finding under Dn
  --note <text>          the note of the entries --accept adds
  --help, --version      this text; the version

Configuration (environment): CONOMY_BASE_URL; the credentials ${CREDENTIAL_VARIABLES.join(', ')}
(client id and secret, or an access token); CONOMY_IDENTITY_ID, CONOMY_ACCOUNT_NUMBER,
CONOMY_CURRENCY, CONOMY_ACCOUNT_HOLDER, DRIFT_FAIL_ON, DRIFT_MAX_REQUESTS (at most 100),
DRIFT_REPORTS_DIR (default reports), DRIFT_BASELINE (default drift-baseline.json), DRIFT_HISTORY.

Reports: ${Object.values(REPORT_FILES).join(', ')} in the reports directory; each live run also
appends a line to ${HISTORY_FILE} there (or DRIFT_HISTORY).
Exit codes: 0 no drift that fails the run; 1 drift that fails it; 2 could not run, incomplete, or refused.
More: the README of @conomy/checkout-contract, "Drift detection in your repository".`;

interface Options {
  failOn?: string;
  replay?: string;
  accept?: { register: string; all: boolean; note?: string };
  help?: true;
  version?: true;
}

/** Runs the command; returns its exit code. Only a bug of the command itself throws. */
export async function main(args: readonly string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    output.stderr(`drift: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    output.stdout(`${HELP}\n`);
    return 0;
  }
  if (parsed.version) {
    output.stdout(`${VERSION}\n`);
    return 0;
  }
  const progress = progressFor(output, env);
  try {
    if (parsed.replay !== undefined) {
      const failOn = parsed.failOn ?? env.DRIFT_FAIL_ON?.trim();
      const problem = failOn ? failOnProblem(failOn) : undefined;
      if (problem) {
        progress.print(`drift: ${problem}`, 'stderr');
        return 2;
      }
      const { report } = await replayHar(resolve(parsed.replay), { env, print: progress.print, ...(failOn ? { failOn: failOn as FailOn } : {}) });
      return report.exitCode;
    }
    if (parsed.accept !== undefined) {
      acceptLastRun({ ...parsed.accept, env, print: progress.print });
      return 0;
    }
    const config = readDriftConfig(env, parsed.failOn === undefined ? {} : { failOn: parsed.failOn });
    const { report } = await runDrift(config, { env, print: progress.print, onEvent: progress.onEvent });
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof DriftRefusal)) throw error;
    // A refusal may quote what it refused (a HAR's headers): masked like everything a run prints.
    const redactor = new Redactor(readDriftConfig(env).secrets);
    progress.print(`drift: ${redactor.text(error.message)}`, 'stderr');
    return 2;
  }
}

/** The command line: `--flag value` or `--flag=value`; which flags go together is checked here. */
function parseArguments(args: readonly string[]): Options | string {
  const values: Record<string, string> = {};
  for (let index = 0; index < args.length; index += 1) {
    const [flag = '', inline] = (args[index] ?? '').split(/=(.*)/s);
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag === '--version') return { version: true };
    if (!['--fail-on', '--replay', '--accept', '--accept-all', '--note'].includes(flag)) return `unknown argument "${args[index]}"`;
    const value = inline ?? args[(index += 1)];
    if (value === undefined || value === '') return `${flag} needs a value`;
    if (flag in values) return `${flag} is given twice`;
    values[flag] = value;
  }
  const accepts = ['--accept', '--accept-all'].filter((flag) => flag in values);
  if (accepts.length > 1) return '--accept and --accept-all cannot be combined';
  const [accept] = accepts;
  if (accept && ('--replay' in values || '--fail-on' in values)) return `${accept} cannot be combined with --replay or --fail-on`;
  if ('--note' in values && !accept) return '--note goes with --accept or --accept-all';
  // A mistyped flag is refused like any other before anything runs, so it never replaces the last reports.
  const failOnRefused = values['--fail-on'] === undefined ? undefined : failOnProblem(values['--fail-on'].trim());
  if (failOnRefused) return failOnRefused;
  const note = values['--note'];
  return {
    ...(values['--fail-on'] === undefined ? {} : { failOn: values['--fail-on'] }),
    ...(values['--replay'] === undefined ? {} : { replay: values['--replay'] }),
    ...(accept ? { accept: { register: values[accept] ?? '', all: accept === '--accept-all', ...(note ? { note } : {}) } } : {}),
  };
}
