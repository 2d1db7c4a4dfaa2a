#!/usr/bin/env node
// npm run drift [-- --fail-on breaking|warning]: the contract suite (same cases, client and
// validator as against the mock) against a real Conomy server, by default the sandbox. The drift
// itself lives in tests/contract/drift/ (configuration, preflight, transport, cleanup, reports);
// this launcher only starts `vitest run --project contract` with CONTRACT_TARGET=sandbox, masks
// every credential of the environment in what it prints, and exits with the code of the report
// the run wrote (reports/drift.json), or 2 when none was written.
//
// Two more commands work on what runs left behind, without vitest and without sending anything:
//   --replay <file.har>             judges recorded exchanges against the current openapi.yaml;
//   --accept <Dn> | --accept-all <Dn> [--note <text>]
//                                   adds the last run's new findings to drift-baseline.json.
// They load the drift module's TypeScript with jiti (Node 20 cannot run TypeScript by itself).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { createMasker, CREDENTIAL_VARIABLES } from '../src/internal/secrets.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPORTS = ['drift.json', 'drift.md', 'drift.junit.xml', 'drift.har'];
const USAGE = [
  'usage: npm run drift [-- --fail-on breaking|warning]',
  '       npm run drift -- --replay <file.har> [--fail-on breaking|warning]',
  '       npm run drift -- --accept <Dn> | --accept-all <Dn> [--note <text>]',
].join('\n');
/** The errors of these names are refusals that name the problem (exit 2), not failures of the tool. */
const REFUSALS = new Set(['HarError', 'BaselineError', 'AcceptRefused', 'SpecRefused']);

async function main(args, env) {
  const mask = createMasker(CREDENTIAL_VARIABLES.map((name) => env[name]?.trim()));
  const options = parseArguments(args);
  if (typeof options === 'string') {
    process.stderr.write(`drift: ${options}\n${USAGE}\n`);
    return 2;
  }
  if (options.replay !== undefined || options.accept !== undefined) return offline(options, env, mask);
  const childEnv = { ...env, CONTRACT_TARGET: 'sandbox', ...(options.failOn === undefined ? {} : { DRIFT_FAIL_ON: options.failOn }) };
  // A report is about this run or does not exist: none of an earlier run is left for CI to publish.
  const reportsDir = resolve(root, env.DRIFT_REPORTS_DIR?.trim() || 'reports');
  for (const name of REPORTS) rmSync(join(reportsDir, name), { force: true });

  const vitest = join(root, 'node_modules/vitest/vitest.mjs');
  // --no-cache: a drift run neither needs nor disturbs the results cache of the test runs beside it.
  const child = spawn(process.execPath, [vitest, 'run', '--project', 'contract', '--no-cache'], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? signal));
    child.once('error', (error) => resolveExit(error.message));
  });
  const [, , vitestExit] = await Promise.all([pipeMasked(child.stdout, process.stdout, mask), pipeMasked(child.stderr, process.stderr, mask), exited]);

  try {
    return JSON.parse(readFileSync(join(reportsDir, 'drift.json'), 'utf8')).exitCode;
  } catch {
    process.stderr.write(`drift: could not run: the contract suite wrote no report (vitest exited with ${vitestExit}); its output above says why\n`);
    return 2;
  }
}

/** Runs --replay or --accept in this process; a refusal is printed (masked) and exits 2. */
async function offline(options, env, mask) {
  const jiti = createJiti(import.meta.url);
  const print = (line, stream = 'stdout') => (stream === 'stderr' ? process.stderr : process.stdout).write(`${mask(line)}\n`);
  try {
    if (options.replay !== undefined) {
      const { replayHar } = await jiti.import(join(root, 'tests/contract/drift/replay.ts'));
      const failOn = options.failOn ?? env.DRIFT_FAIL_ON?.trim();
      if (failOn !== undefined && failOn !== '' && !['breaking', 'warning'].includes(failOn)) {
        print(`drift: --fail-on must be breaking or warning; got "${failOn}"`, 'stderr');
        return 2;
      }
      const { report } = await replayHar(resolve(env.INIT_CWD ?? process.cwd(), options.replay), { env, print, ...(failOn ? { failOn } : {}) });
      return report.exitCode;
    }
    const { acceptLastRun } = await jiti.import(join(root, 'tests/contract/drift/accept.ts'));
    acceptLastRun({ ...options.accept, env, print });
    return 0;
  } catch (error) {
    if (!REFUSALS.has(error?.name)) throw error;
    print(`drift: ${error.message}`, 'stderr');
    return 2;
  }
}

/** The command line: `--flag value` or `--flag=value`; which flags go together is checked here. */
function parseArguments(args) {
  const options = {};
  const values = {};
  for (let index = 0; index < args.length; index += 1) {
    const [flag, inline] = args[index].split(/=(.*)/s);
    if (!['--fail-on', '--replay', '--accept', '--accept-all', '--note'].includes(flag)) return `unknown argument "${args[index]}"`;
    const value = inline ?? args[(index += 1)];
    if (value === undefined || value === '') return `${flag} needs a value`;
    if (flag in values) return `${flag} is given twice`;
    values[flag] = value;
  }
  const accepts = ['--accept', '--accept-all'].filter((flag) => flag in values);
  if (accepts.length > 1) return '--accept and --accept-all cannot be combined';
  if (accepts.length === 1 && ('--replay' in values || '--fail-on' in values)) return `${accepts[0]} cannot be combined with --replay or --fail-on`;
  if ('--note' in values && accepts.length === 0) return '--note goes with --accept or --accept-all';
  if (values['--fail-on'] !== undefined) options.failOn = values['--fail-on'];
  if (values['--replay'] !== undefined) options.replay = values['--replay'];
  if (accepts.length === 1) {
    options.accept = { register: values[accepts[0]], all: accepts[0] === '--accept-all', ...(values['--note'] ? { note: values['--note'] } : {}) };
  }
  return options;
}

/** Copies a child's output line by line through the masker (a secret never spans a line break). */
function pipeMasked(stream, out, mask) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    if (lines.length > 0) out.write(lines.map((line) => `${mask(line)}\n`).join(''));
  });
  return new Promise((resolveEnd) => {
    stream.on('end', () => {
      if (pending) out.write(mask(pending));
      resolveEnd();
    });
  });
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`drift: could not run: the launcher failed: ${error?.message ?? error}\n`);
    process.exitCode = 2;
  },
);
