// Runs the real `npm run drift` entry point (node scripts/drift.mjs) in a child process, with
// a clean environment and its own reports directory, and reads back everything it produced.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export interface DriftReport {
  tool: string;
  spec: { version: string; sha256: string };
  target: { kind: string; baseUrl: string };
  startedAt: string;
  finishedAt: string;
  summary: { operations: number; checked: number; skipped: number; errors: number; breaking: number; additive: number };
  operations: {
    operationId: string;
    method: string;
    path: string;
    result: string;
    status?: number;
    requestId?: string;
    reason?: string;
  }[];
  findings: {
    operationId: string;
    method: string;
    path: string;
    status: number;
    kind: string;
    severity: string;
    location: string;
    expected: string;
    actual: string;
    message: string;
    discrepancy?: string[];
    requestId?: string;
  }[];
  verdict: string;
  exitCode: number;
  reason?: string;
  problems: string[];
  requests: { sent: number; max: number; maxInFlight: number };
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

/**
 * Runs are CPU-bound (each starts vitest): more of them at once than cores only slows every other
 * test of the suite down, so at most this many run at the same time.
 */
const PARALLEL_RUNS = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

/** A run that takes longer is killed (below the longest test timeout, 120 s, so the test says why). */
const RUN_LIMIT_MS = 100_000;

export async function runDrift(config: Record<string, string>): Promise<DriftRun> {
  if (running >= PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await spawnDrift(config);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function spawnDrift(config: Record<string, string>): Promise<DriftRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'drift-reports-'));
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Only what node needs, so nothing of the surrounding test run (VITEST_*, CI, GITHUB_*) leaks in.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DRIFT_REPORTS_DIR: reportsDir, ...config };
    // In a process group of its own (detached), so that a kill also reaches the vitest it starts.
    const running = spawn(process.execPath, [join(root, 'scripts/drift.mjs')], {
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
    const files = Object.fromEntries(readdirSync(reportsDir).map((name) => [name, readFileSync(join(reportsDir, name), 'utf8')]));
    const report = files['drift.json'] === undefined ? undefined : (JSON.parse(files['drift.json']) as DriftReport);
    return { code, stdout, stderr, files, report };
  } finally {
    clearTimeout(timer);
    if (child) killGroup(child);
    rmSync(reportsDir, { recursive: true, force: true });
  }
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
