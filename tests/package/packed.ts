// The package as a stranger installs it, for the tests that use it from an empty project: packed
// with `npm pack` (which builds dist/ first) and installed from the tarball, with only what the
// test names beside it; and commands run there without anything of this repository or test run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** An npm command that takes longer is killed, below the tests' timeouts, so the test says why. */
export const NPM_LIMIT_MS = 100_000;

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A fresh project in a temporary directory `work` (the caller removes it): `package.json` (an ES
 * module project), the packed package installed from its tarball, and `extra` (npm specs) beside it.
 */
export async function consumerProject(prefix: string, extra: string[] = []): Promise<{ work: string; consumer: string }> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  try {
    return { work, consumer: await packAndInstall(work, extra) };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

async function packAndInstall(work: string, extra: string[]): Promise<string> {
  // npm pack runs `prepare` (the build of dist/), whose line comes before the JSON.
  const packed = await npm(['pack', '--json', '--pack-destination', work], root);
  const [tarball] = JSON.parse(packed.slice(packed.search(/^\[/m))) as Array<{ filename: string }>;
  if (!tarball) throw new Error(`npm pack printed no tarball: ${packed}`);
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  await npm(['install', join(work, tarball.filename), ...extra, '--prefer-offline', '--no-audit', '--no-fund'], consumer);
  return consumer;
}

async function npm(args: string[], cwd: string): Promise<string> {
  const run = await command('npm', args, cwd, process.env, NPM_LIMIT_MS);
  if (run.code !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/**
 * The environment of a command run as a stranger would: PATH less any node_modules/.bin the test
 * runner put on it, HOME, and `variables`; nothing of this repository or the test run.
 */
export function strangerEnvironment(variables: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir && !dir.includes('node_modules')).join(delimiter);
  return { PATH: path, HOME: process.env.HOME ?? tmpdir(), ...variables };
}

/** Runs a command without blocking this process (servers must keep answering); kills it after `limitMs`. */
export function command(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, limitMs: number): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    // In a process group of its own, so that a kill reaches npx and the node it started.
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`${file} ${args.join(' ')} did not finish within ${limitMs} ms; killed it\n${stdout}\n${stderr}`));
    }, limitMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Sends `signal` to the process group of `pid` (a command started by `command` or `spawn(..., { detached: true })`). */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
