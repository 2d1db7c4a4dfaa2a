// Starts Prism (the mock target) on a free port and stops it with all its children.
// Prism runs in its own process group (detached), so one signal to the group reaches every
// process it forked, and Ctrl-C in a terminal (which signals only the foreground group)
// cannot leave it half-alive: our exit/SIGINT/SIGTERM hooks stop it instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve as resolvePath } from 'node:path';

export interface PrismServer {
  baseUrl: string;
  /** Process id of Prism, which is also its process group id. */
  pid: number;
  /** Prism's output so far (ANSI colours removed). */
  output(): string;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartPrismOptions {
  specPath: string;
  host?: string;
  readyTimeoutMs?: number;
  /** The Prism CLI entry point; defaults to the installed @stoplight/prism-cli. */
  cliPath?: string;
  /** Picks the port to try; defaults to one the OS reports free. Injected by tests. */
  findPort?: (host: string) => Promise<number>;
}

const MAX_PORT_ATTEMPTS = 3;

export async function startPrism(options: StartPrismOptions): Promise<PrismServer> {
  const specPath = resolvePath(options.specPath);
  if (!existsSync(specPath)) throw new Error(`Prism cannot start: spec file not found: ${specPath}`);
  const cliPath = options.cliPath ?? installedPrismCli();
  if (!existsSync(cliPath)) throw new Error(`Prism cannot start: Prism CLI not found at ${cliPath} (run npm ci)`);

  const host = options.host ?? '127.0.0.1';
  for (let attempt = 1; ; attempt += 1) {
    const port = await (options.findPort ?? freePort)(host);
    try {
      return await startOnPort(cliPath, specPath, host, port, options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      // Another process can take the port between our probe and Prism's bind: try a new one.
      if (!(error instanceof PortInUseError) || attempt >= MAX_PORT_ATTEMPTS) throw error;
    }
  }
}

class PortInUseError extends Error {}

function installedPrismCli(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new Error('Prism cannot start: @stoplight/prism-cli is not installed (run npm ci)');
  }
  const { bin } = JSON.parse(readFileSync(packageJson, 'utf8')) as { bin: Record<string, string> };
  return resolvePath(dirname(packageJson), bin.prism ?? 'dist/index.js');
}

/** A port the OS considers free right now. */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startOnPort(
  cliPath: string,
  specPath: string,
  host: string,
  port: number,
  readyTimeoutMs: number,
): Promise<PrismServer> {
  const baseUrl = `http://${host}:${port}`;
  // --errors: a request or response that violates the spec gets an error response (with an
  // sl-violations header) instead of a silent pass. Static examples (no --dynamic) keep
  // responses deterministic.
  const args = [cliPath, 'mock', specPath, '--port', String(port), '--host', host, '--errors'];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8').replace(ANSI, '')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => resolve(error.message));
  });

  const server = prismServer(child, baseUrl, () => output, exited);
  try {
    await waitUntilAnswering(baseUrl, () => output, exited, readyTimeoutMs);
    return server;
  } catch (reason) {
    await server.stop();
    const context = `spec ${specPath}, port ${port}`;
    if (/EADDRINUSE/.test(output)) throw new PortInUseError(`Prism cannot start: port ${port} is already in use`);
    throw new Error(`Prism cannot start (${context}): ${(reason as Error).message}\n${describeOutput(output)}`);
  }
}

const ANSI = /\u001b\[[0-9;]*m/g;

async function waitUntilAnswering(
  baseUrl: string,
  output: () => string,
  exited: Promise<number | string>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Prism exited (${exitCode}) before it answered`);
    // Prism's own "listening" line first, so a stranger that grabbed the port cannot pass for it.
    if (output().includes(`Prism is listening on ${baseUrl}`)) {
      try {
        // Any HTTP answer (Prism says 404 for "/") means the server is up; its body is not needed.
        const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(1_000) });
        await response.body?.cancel();
        return;
      } catch {
        // not answering yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Prism did not answer on ${baseUrl} within ${timeoutMs} ms`);
}

/** The lines of Prism's output that explain a failure, without its usage text and stack frames. */
function describeOutput(output: string): string {
  const lines = output.split('\n');
  const usageStart = lines.findIndex((line) => line.startsWith('prism mock <document>'));
  const usageEnd = lines.findIndex((line, index) => index > usageStart && /^\s*--seed/.test(line));
  const kept = usageStart >= 0 && usageEnd > usageStart ? [...lines.slice(0, usageStart), ...lines.slice(usageEnd + 1)] : lines;
  const stackFrame = /^\s*'?\s*at\s/;
  const text = kept.filter((line) => line.trim() !== '' && !stackFrame.test(line)).slice(-15).join('\n');
  return text === '' ? 'Prism printed nothing.' : `Prism output:\n${text}`;
}

function prismServer(child: ChildProcess, baseUrl: string, output: () => string, exited: Promise<unknown>): PrismServer {
  let running = child.pid !== undefined;
  let stopped = false;
  void exited.then(() => (running = false));
  // The whole group, even after Prism itself exited: a child it forked may still live.
  const signalGroup = (signal: NodeJS.Signals) => {
    if (stopped || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const onExit = () => signalGroup('SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    signalGroup('SIGTERM');
    removeHooks();
    // We replaced the default action of the signal; restore it when nobody else handles it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeHooks = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  return {
    baseUrl,
    pid: child.pid ?? -1,
    output,
    async stop(graceMs = 5_000) {
      removeHooks();
      signalGroup('SIGTERM');
      if (running) {
        const timeout = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
        if ((await Promise.race([exited.then(() => 'exited'), timeout])) !== 'exited') signalGroup('SIGKILL');
        await exited;
      }
      stopped = true;
    },
  };
}

/**
 * Prism (started with --errors) puts what it found wrong into `sl-violations`. A response
 * violation means the spec's own example breaks its schema; a request violation means the
 * case sent something the spec forbids, which only an invalid-request case may do.
 */
export function prismViolations(headers: Headers, requestViolationsExpected: boolean): string[] {
  const header = headers.get('sl-violations');
  if (!header) return [];
  let violations: { location?: string[]; message?: string }[];
  try {
    violations = JSON.parse(header) as typeof violations;
  } catch {
    return [`Prism sent an unreadable sl-violations header: ${header.slice(0, 200)}`];
  }
  return violations
    .filter((violation) => !(requestViolationsExpected && violation.location?.[0] === 'request'))
    .map((violation) => `Prism: ${violation.location?.join('.') ?? '?'}: ${violation.message ?? 'violation'}`);
}
