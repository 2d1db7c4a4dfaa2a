// Two ways to run a drift check against a local server, both reading back everything it produced:
// - `runDriftCommand`: the real `npm run drift` entry point (node scripts/drift.mjs, which bundles
//   the conomy-drift command and runs it) in a child process: the end-to-end proof;
// - `runDriftInProcess`: the engine's runDrift in this process, with the configuration read as the
//   command reads it: fast enough to try many servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDriftConfig } from '../../src/drift/config.js';
import type { DriftReport } from '../../src/drift/report/build-report.js';
import { main } from '../../src/drift/cli/main.js';
import { runDrift } from '../../src/drift/run.js';
import type { ServerCredentials } from './server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Distinctive credential values: none of them may show up in any output of a run. */
export const SECRETS: ServerCredentials = {
  apiKey: 'apikey-LEAKCHECK-7f3a9c2e51',
  clientId: 'clientid-LEAKCHECK-0b8d4e6a13',
  clientSecret: 'secret-LEAKCHECK-e29f71c4d8',
  accessToken: 'token-LEAKCHECK-5a0c93b7f6',
};

export interface DriftRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Name -> content of every file the run wrote to its reports directory. */
  files: Record<string, string>;
  /** drift.json, parsed (undefined when it was not written). */
  report: DriftReport | undefined;
}

/** The CONOMY_* configuration for a server, with the client-credentials flavour of authentication. */
export function configFor(baseUrl: string, secrets: ServerCredentials = SECRETS): Record<string, string> {
  return {
    CONOMY_BASE_URL: baseUrl,
    CONOMY_API_KEY: secrets.apiKey,
    CONOMY_CLIENT_ID: secrets.clientId,
    CONOMY_CLIENT_SECRET: secrets.clientSecret,
    CONOMY_IDENTITY_ID: 'identity-drift-test',
    CONOMY_ACCOUNT_NUMBER: '100200300400',
  };
}

/** The same configuration with a static access token instead of client credentials. */
export function accessTokenConfigFor(baseUrl: string, secrets: ServerCredentials = SECRETS): Record<string, string> {
  const { CONOMY_CLIENT_ID: _id, CONOMY_CLIENT_SECRET: _secret, ...rest } = configFor(baseUrl, secrets);
  return { ...rest, CONOMY_ACCESS_TOKEN: secrets.accessToken };
}

/** A drift run in this process: the configuration, preflight, cases, cleanup and reports of a real one. */
export async function runDriftInProcess(config: Record<string, string>, options: { fetch?: (request: Request) => Promise<Response> } = {}): Promise<DriftRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'drift-reports-'));
  try {
    const output = { stdout: '', stderr: '' };
    const { report } = await runDrift(readDriftConfig({ DRIFT_REPORTS_DIR: reportsDir, ...config }), {
      print: (line, stream = 'stdout') => (output[stream] += `${line}\n`),
      // One redocly lint per run would add seconds to each of the many runs; the command tests
      // (npm run drift itself) and the replay tests check the lint notes.
      lintSuggestions: false,
      ...options,
    });
    return { code: report.exitCode, ...output, files: readFiles(reportsDir), report };
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
}

/**
 * The conomy-drift command's main() in this process (what `npm run drift` bundles and runs), with
 * its own reports directory: the command's arguments and refusals without a process of its own.
 */
export async function runDriftMain(config: Record<string, string>, args: string[] = []): Promise<DriftRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'drift-reports-'));
  try {
    const output = { stdout: '', stderr: '' };
    const code = await main(args, { DRIFT_REPORTS_DIR: reportsDir, ...config }, {
      stdout: (text) => void (output.stdout += text),
      stderr: (text) => void (output.stderr += text),
      isTTY: false,
    });
    const files = readFiles(reportsDir);
    const report = files['drift.json'] === undefined ? undefined : (JSON.parse(files['drift.json']) as DriftReport);
    return { code, ...output, files, report };
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
}

/** A run that takes longer is killed (below the test timeouts, so the test says why). */
const RUN_LIMIT_MS = 100_000;

/**
 * Each command bundles and runs the command in a process of its own: more at once than this only
 * slows every other test of the suite down.
 */
const PARALLEL_COMMANDS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** `npm run drift` in a child process with a clean environment and its own reports directory. */
export async function runDriftCommand(config: Record<string, string>, args: string[] = []): Promise<DriftRun> {
  if (running >= PARALLEL_COMMANDS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await spawnDrift(config, args);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function spawnDrift(config: Record<string, string>, args: string[]): Promise<DriftRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'drift-reports-'));
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Only what node needs, so nothing of the surrounding test run (VITEST_*, CI, GITHUB_*) leaks in.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DRIFT_REPORTS_DIR: reportsDir, ...config };
    // In a process group of its own (detached), so that a kill reaches everything it started.
    const running = spawn(process.execPath, [join(root, 'scripts/drift.mjs'), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = running;
    let stdout = '';
    let stderr = '';
    running.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    running.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) => {
      running.once('close', (exitCode) => resolve(exitCode));
      running.once('error', reject);
      timer = setTimeout(() => reject(new Error(`npm run drift did not finish within ${RUN_LIMIT_MS} ms; killed it`)), RUN_LIMIT_MS);
    });
    const files = readFiles(reportsDir);
    const report = files['drift.json'] === undefined ? undefined : (JSON.parse(files['drift.json']) as DriftReport);
    return { code, stdout, stderr, files, report };
  } finally {
    clearTimeout(timer);
    if (child) killGroup(child);
    rmSync(reportsDir, { recursive: true, force: true });
  }
}

function readFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** Kills the run and everything it started, unless it has already exited. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

/**
 * Every secret of `secrets` that occurs in the text, whole, URL-encoded, or as any 8 characters
 * of it in a row (a shortened quote of a secret is a leak too).
 */
export function leakedSecrets(text: string, secrets: ServerCredentials = SECRETS): string[] {
  const WINDOW = 8;
  return Object.values(secrets).filter((secret) => {
    if (text.includes(encodeURIComponent(secret))) return true;
    for (let start = 0; start + WINDOW <= secret.length; start += 1) {
      if (text.includes(secret.slice(start, start + WINDOW))) return true;
    }
    return false;
  });
}

/** Everything a run printed or wrote, for the leak check. */
export function allOutput(run: DriftRun): string {
  return [run.stdout, run.stderr, ...Object.values(run.files)].join('\n');
}
