// The package as a stranger installs it, for the tests that use it from an empty project: packed
// with `npm pack` (which builds dist/ first), once for all of them, and installed from the tarball
// with only what the test names beside it; and commands run there without anything of this
// repository or test run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** An npm command that takes longer is killed, below the tests' timeouts, so the test says why. */
export const NPM_LIMIT_MS = 100_000;

/**
 * The timeout of a test that may be the one to pack and install: the wait for (or the run of) npm
 * pack, npm install, and a command of its own, each below its limit.
 */
export const INSTALLING_TEST_MS = NPM_LIMIT_MS * 4;

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
  const { tarball } = await packedPackage();
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  await npm(['install', tarball, ...extra, '--prefer-offline', '--no-audit', '--no-fund'], consumer);
  return consumer;
}

export interface PackedPackage {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** The paths it holds, as npm pack listed them. */
  files: string[];
}

/** What the tarball is built from: the sources of dist/ and what npm pack ships beside it. */
const PACK_INPUTS = ['src/', 'lib/', 'scripts/', 'openapi.yaml', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'docs/discrepancies.md'];
const PACK_CACHE = join(root, '.cache', 'packed');
/** One lock for the cache: two packs never run at once (each builds dist/). It holds its owner's pid. */
const PACK_LOCK = join(PACK_CACHE, 'packing.lock');

/**
 * The package packed once for the present state of its sources, shared by the tests that install
 * it (each file in a worker of its own): the first to ask runs `npm pack` (which builds dist/) under
 * the lock and keeps the tarball as .cache/packed/<state>.tgz; the others wait for it. The state
 * hashes what the tarball is built from (PACK_INPUTS), name and content, so an edit packs again.
 */
export async function packedPackage(): Promise<PackedPackage> {
  const state = sourcesState();
  const tarball = join(PACK_CACHE, `${state}.tgz`);
  const listing = join(PACK_CACHE, `${state}.json`);
  const deadline = Date.now() + NPM_LIMIT_MS * 2;
  mkdirSync(PACK_CACHE, { recursive: true });
  for (;;) {
    // The listing is renamed into place last: with it, the tarball is complete.
    if (existsSync(listing)) return { tarball, files: JSON.parse(readFileSync(listing, 'utf8')) as string[] };
    const owner = takeLock();
    if (owner === process.pid) {
      try {
        await pack(state, tarball, listing);
      } finally {
        rmSync(PACK_LOCK, { force: true });
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`process ${owner} has been packing the package (${PACK_LOCK}) for over ${NPM_LIMIT_MS * 2} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function sourcesState(): string {
  const hash = createHash('sha256');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...PACK_INPUTS], { cwd: root, encoding: 'utf8' });
  for (const file of files.split('\0').filter(Boolean).sort()) {
    const path = join(root, file);
    // A file deleted in the working tree but still in the index.
    if (!existsSync(path) || !statSync(path).isFile()) continue;
    hash.update(`${file}\0`).update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Takes the lock for this process if it is free (or its owner is gone); returns the pid that holds it. */
function takeLock(): number {
  try {
    writeFileSync(PACK_LOCK, String(process.pid), { flag: 'wx' });
    return process.pid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let owner = 0;
  try {
    owner = Number(readFileSync(PACK_LOCK, 'utf8').trim());
  } catch (error) {
    // Released between the two calls: free now.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return owner;
  // Left by a test run that was killed while packing: free it, and try again on the next turn.
  rmSync(PACK_LOCK, { force: true });
  return owner;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function pack(state: string, tarball: string, listing: string): Promise<void> {
  // Tarballs of other states from earlier runs go; a recent one may still be being installed.
  for (const name of readdirSync(PACK_CACHE)) {
    const path = join(PACK_CACHE, name);
    if (name !== 'packing.lock' && !name.startsWith(state) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
  }
  const scratch = mkdtempSync(join(PACK_CACHE, `${state}.scratch-`));
  try {
    // npm pack runs `prepare` (the build of dist/), whose line comes before the JSON.
    const printed = await npm(['pack', '--json', '--pack-destination', scratch], root);
    const [packed] = JSON.parse(printed.slice(printed.search(/^\[/m))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!packed) throw new Error(`npm pack printed no tarball: ${printed}`);
    // A source edited while npm pack ran may or may not be in the tarball: it is no tarball of `state`.
    if (sourcesState() !== state) throw new Error('the package sources changed while npm pack ran; run the tests again');
    renameSync(join(scratch, packed.filename), tarball);
    writeFileSync(join(scratch, 'listing.json'), JSON.stringify(packed.files.map((file) => file.path)));
    renameSync(join(scratch, 'listing.json'), listing);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
