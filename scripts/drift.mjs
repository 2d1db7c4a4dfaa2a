#!/usr/bin/env node
// npm run drift [-- --fail-on breaking|warning]: the contract suite (same cases, client and
// validator as against the mock) against a real Conomy server, by default the sandbox. The drift
// itself lives in tests/contract/drift/ (configuration, preflight, transport, cleanup, reports);
// this launcher only starts `vitest run --project contract` with CONTRACT_TARGET=sandbox, masks
// every credential of the environment in what it prints, and exits with the code of the report
// the run wrote (reports/drift.json), or 2 when none was written.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMasker, CREDENTIAL_VARIABLES } from '../src/internal/secrets.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPORTS = ['drift.json', 'drift.md', 'drift.junit.xml'];
const USAGE = 'usage: npm run drift [-- --fail-on breaking|warning]';

async function main(args, env) {
  const mask = createMasker(CREDENTIAL_VARIABLES.map((name) => env[name]?.trim()));
  const options = parseArguments(args);
  if (typeof options === 'string') {
    process.stderr.write(`drift: ${options}\n${USAGE}\n`);
    return 2;
  }
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

/** `--fail-on <severity>` or `--fail-on=<severity>`; the run's configuration judges the value. */
function parseArguments(args) {
  const options = {};
  for (let index = 0; index < args.length; index += 1) {
    const [flag, inline] = args[index].split(/=(.*)/s);
    if (flag !== '--fail-on') return `unknown argument "${args[index]}"`;
    const value = inline ?? args[(index += 1)];
    if (value === undefined) return '--fail-on needs a value';
    options.failOn = value;
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
