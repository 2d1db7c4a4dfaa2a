// The reference's code samples as the docs build writes them (lib/docs/code-samples.mjs, with the
// client facts read from src/), by operationId, and a way to run a curl sample, for the tests that
// compile and run them.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadClientFacts } from '../../lib/docs/client-facts.mjs';
import { codeSamples } from '../../lib/docs/code-samples.mjs';
import { listOperations, readSpec } from '../../lib/spec/index.mjs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML
export const spec = readSpec(join(repoRoot, 'openapi.yaml')) as Node;

export interface OperationSamples {
  section: 'paths' | 'webhooks';
  operation: Node;
  typescript: string;
  curl: string;
}

/** operationId -> its samples, for every operation and webhook of openapi.yaml. */
export async function loadSamples(): Promise<Map<string, OperationSamples>> {
  const facts = await loadClientFacts(repoRoot);
  const samples = new Map<string, OperationSamples>();
  for (const entry of listOperations(spec)) {
    const bySource = Object.fromEntries(codeSamples(spec, entry, facts).map((sample) => [sample.label, sample.source]));
    const { TypeScript: typescript, curl } = bySource;
    if (typescript === undefined || curl === undefined) throw new Error(`${entry.operation.operationId} lacks a TypeScript or curl sample`);
    samples.set(entry.operation.operationId, { section: entry.section, operation: entry.operation, typescript, curl });
  }
  return samples;
}

/** The statuses an operation documents as 2xx. */
export function documentedSuccess(operation: Node): number[] {
  return Object.keys(operation.responses ?? {}).filter((status) => /^2\d\d$/.test(status)).map(Number);
}

export interface CurlAnswer {
  /** The HTTP status curl got. */
  status: number;
  /** The response headers as received. */
  headers: string;
  body: string;
}

/**
 * Runs a curl sample unchanged with bash, as a reader pasting it would, with `variables` as its only
 * environment besides PATH. A curl config in `dir` (CURL_HOME) adds what the test needs to see: the
 * status, headers and body, and a time limit.
 */
export async function runCurl(sample: string, variables: Record<string, string>, dir: string): Promise<CurlAnswer> {
  const files = { headers: join(dir, 'headers'), body: join(dir, 'body') };
  const config = ['silent', 'show-error', 'max-time = 15', `dump-header = "${files.headers}"`, `output = "${files.body}"`, 'write-out = "%{http_code}"'];
  writeFileSync(join(dir, '.curlrc'), `${config.join('\n')}\n`);
  let stdout: string;
  try {
    ({ stdout } = await run('bash', ['-c', sample], { env: { PATH: process.env.PATH, CURL_HOME: dir, ...variables }, encoding: 'utf8' }));
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    throw new Error(`the curl sample failed (${String(code)}): ${stderr ?? ''} (the curl samples need bash and curl)`);
  }
  return { status: Number(stdout), headers: readFileSync(files.headers, 'utf8'), body: readFileSync(files.body, 'utf8') };
}
