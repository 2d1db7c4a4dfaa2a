#!/usr/bin/env node
// npm run drift: the contract suite (same cases, client and validator as against the mock)
// against a real Conomy server, by default the sandbox, then reports/drift.{json,md,junit.xml}.
//
//   1. configuration from the environment (config.mjs); anything missing: exit 2, nothing sent;
//   2. preflight (preflight.mjs): one request proves the server answers and takes our credentials;
//   3. `vitest run --project contract` with CONTRACT_TARGET=sandbox, the access token and what is
//      left of the request budget; the sandbox transport logs every call, the drift reporter
//      collects every case;
//   4. deletes what the run created and left behind (cleanup.mjs);
//   5. writes the three reports (always, also when a step failed) and exits
//      0 no breaking finding, 1 breaking drift, 2 could not run (or the run broke).
//
// Every line printed and every report written passes through a redactor that knows the run's
// credentials, including the child's output.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cleanUp, leftovers } from './drift/cleanup.mjs';
import {
  DEFAULT_SANDBOX_URL,
  DRIFT_USER_AGENT,
  MAX_IN_FLIGHT,
  REQUEST_BUDGET,
  TOOL,
  randomSuffix,
  readSandboxConfig,
  secretValues,
} from './drift/config.mjs';
import { PreflightError, preflight } from './drift/preflight.mjs';
import { createRedactor, pipeRedacted } from './drift/redact.mjs';
import { buildReport } from './drift/report.mjs';
import { registerAnchors, renderJunit, renderMarkdown } from './drift/render.mjs';
import { HTTP_METHODS } from '../lib/http-methods.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main(env) {
  const startedAt = new Date().toISOString();
  const secrets = secretValues(env);
  let redact = createRedactor(secrets);
  const say = (line) => process.stdout.write(`${redact(line)}\n`);
  const complain = (line) => process.stderr.write(`${redact(line)}\n`);
  const checkoutTokenPrefix = `drift-${Date.now()}-${randomSuffix()}`;
  const configured = readSandboxConfig(env);
  // DRIFT_MAX_REQUESTS (at most REQUEST_BUDGET) for the whole run, preflight and cleanup included.
  const maxRequests = configured.ok ? configured.config.maxRequests : REQUEST_BUDGET;
  const requests = { sent: 0, max: maxRequests, maxInFlight: MAX_IN_FLIGHT };
  const target = { kind: 'sandbox', baseUrl: configured.ok ? configured.config.baseUrl : displayUrl(env.CONOMY_BASE_URL) };
  const finish = (run) => {
    const extra = { requests, checkoutTokenPrefix, ...run.extra };
    return writeReports({ ...run, target, startedAt, redact: (text) => redact(text), extra }, env, say);
  };
  const couldNotRun = (reason, run = {}) => {
    complain(`drift: could not run: ${reason}`);
    return finish({ ...run, couldNotRun: reason });
  };

  if (!configured.ok) {
    for (const problem of configured.problems) complain(`drift: ${problem}`);
    return couldNotRun(`configuration missing or invalid (${configured.problems.length} problem(s)); no request was sent`);
  }
  const { config } = configured;

  async function check() {
    let access;
    try {
      requests.sent += 1;
      access = await preflight(config);
    } catch (error) {
      if (error instanceof PreflightError) return couldNotRun(error.message);
      throw error;
    }
    redact = createRedactor([...secrets, access.accessToken]);
    if (requests.sent >= maxRequests) {
      return couldNotRun(`DRIFT_MAX_REQUESTS=${maxRequests} leaves no request for the contract cases after the preflight`);
    }
    say(`drift: ${config.baseUrl} answers (${access.check}); running the contract suite`);

    const work = mkdtempSync(join(tmpdir(), 'conomy-drift-'));
    try {
      const files = { results: join(work, 'results.json'), exchanges: join(work, 'exchanges.jsonl') };
      const exitCode = await runContractSuite(
        {
          ...env,
          CONTRACT_TARGET: 'sandbox',
          CONOMY_BASE_URL: config.baseUrl,
          CONOMY_ACCESS_TOKEN: access.accessToken,
          DRIFT_MAX_REQUESTS: String(maxRequests - requests.sent),
          DRIFT_CHECKOUT_TOKEN_PREFIX: checkoutTokenPrefix,
          DRIFT_RESULTS_FILE: files.results,
          DRIFT_EXCHANGES_FILE: files.exchanges,
        },
        (line) => redact(line),
      );
      const exchanges = readExchanges(files.exchanges);
      requests.sent += exchanges.filter((exchange) => exchange.sent).length;

      const headers = {
        'x-api-key': config.apiKey,
        authorization: `Bearer ${access.accessToken}`,
        'user-agent': DRIFT_USER_AGENT,
      };
      const left = leftovers(exchanges, checkoutTokenPrefix);
      const cleanup = await cleanUp(left, { baseUrl: config.baseUrl, headers, requestsLeft: maxRequests - requests.sent });
      requests.sent += cleanup.requests;
      for (const { kind, id, outcome } of cleanup.outcomes) say(`drift: cleanup: ${kind} ${id}: ${outcome}`);

      const run = { exchanges, extra: { preflight: access.check, cleanup: cleanup.outcomes } };
      if (!existsSync(files.results)) {
        const reason = `the contract suite did not run to its end (vitest exited with code ${exitCode}); its output above says why`;
        return couldNotRun(reason, run);
      }
      return finish({ ...run, results: JSON.parse(readFileSync(files.results, 'utf8')) });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  try {
    return await check();
  } catch (error) {
    // An unexpected failure (a bug of the runner, a full disk): still reports, still exit 2.
    return couldNotRun(`the drift runner failed: ${error?.message ?? error}`);
  }
}

function runContractSuite(env, redact) {
  const vitest = join(root, 'node_modules/vitest/vitest.mjs');
  const reporter = join(root, 'scripts/drift/reporter.mjs');
  // --no-cache: a drift run neither needs nor disturbs the results cache of the test runs beside it.
  const args = [vitest, 'run', '--project', 'contract', '--no-cache', '--reporter=default', `--reporter=${reporter}`];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? signal));
    child.once('error', (error) => resolveExit(error.message));
  });
  const piped = [pipeRedacted(child.stdout, process.stdout, redact), pipeRedacted(child.stderr, process.stderr, redact)];
  return Promise.all([...piped, exited]).then(([, , code]) => code);
}

function readExchanges(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function specSummary() {
  const file = join(root, 'openapi.yaml');
  const text = readFileSync(file);
  const document = parse(text.toString('utf8'));
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]?.operationId).map((method) => ({
      operationId: item[method].operationId,
      method: method.toUpperCase(),
      path,
    })),
  );
  const sha256 = createHash('sha256').update(text).digest('hex');
  return { version: String(document.info?.version ?? ''), sha256, operations };
}

function writeReports(run, env, say) {
  const report = buildReport({ ...run, tool: TOOL, spec: specSummary(), finishedAt: new Date().toISOString() });
  const dir = resolve(root, env.DRIFT_REPORTS_DIR?.trim() || 'reports');
  mkdirSync(dir, { recursive: true });
  const anchors = registerAnchors(readFileSync(join(root, 'docs/discrepancies.md'), 'utf8'));
  const registerUrl = githubRegisterUrl(env) ?? relative(dir, join(root, 'docs/discrepancies.md')).split('\\').join('/');
  const files = {
    'drift.json': `${JSON.stringify(report, null, 2)}\n`,
    'drift.md': renderMarkdown(report, { exchanges: run.exchanges ?? [], anchors, registerUrl }),
    'drift.junit.xml': renderJunit(report),
  };
  for (const [name, text] of Object.entries(files)) writeAtomically(join(dir, name), run.redact(text));

  const verdict = {
    ok: 'no drift',
    additive: 'additive drift only',
    breaking: 'BREAKING DRIFT',
    incomplete: 'INCOMPLETE',
    'could-not-run': 'COULD NOT RUN',
  };
  const { summary } = report;
  if (report.verdict === 'could-not-run') {
    say(`drift: ${verdict[report.verdict]}: ${report.reason}`);
  } else {
    for (const finding of report.findings) {
      const { severity, kind, operationId, status, location, message } = finding;
      say(`drift: ${severity} ${kind}: ${operationId} ${status} at ${location}: ${message}`);
    }
    for (const operation of report.operations.filter((entry) => entry.result === 'error' || entry.result === 'skipped')) {
      say(`drift: ${operation.result}: ${operation.operationId}: ${operation.reason}`);
    }
    say(
      `drift: ${verdict[report.verdict]}: ${summary.checked}/${summary.operations} operations checked, ` +
        `${summary.skipped} skipped, ` +
        `${summary.errors} error(s); ${summary.breaking} breaking, ${summary.additive} additive finding(s); ` +
        `${run.extra.requests.sent} request(s)${report.reason ? `; ${report.reason}` : ''}`,
    );
  }
  say(`drift: reports written to ${Object.keys(files).map((name) => relative(process.cwd(), join(dir, name))).join(', ')}`);
  return report.exitCode;
}

/** In GitHub Actions the report is also shown in the job summary, where relative links break. */
function githubRegisterUrl(env) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server && repository && sha ? `${server}/${repository}/blob/${sha}/docs/discrepancies.md` : undefined;
}

function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** The configured base URL without anything that could be a credential. */
function displayUrl(text) {
  if (!text?.trim()) return DEFAULT_SANDBOX_URL;
  try {
    const url = new URL(text.trim());
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(not a valid URL)';
  }
}

main(process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const redact = createRedactor(secretValues(process.env));
    process.stderr.write(`${redact(`drift: could not run: ${error?.stack ?? error}`)}\n`);
    process.exitCode = 2;
  },
);
