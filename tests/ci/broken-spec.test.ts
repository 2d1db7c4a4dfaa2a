// `npm run contract` and `npm run drift` with an openapi.yaml the suite cannot judge by, run for real
// in scratch copies of the repository: each stops before any case with the problem located
// (file:line:col), never with "No test files found" or a stack trace, and the drift run sends no
// request and writes could-not-run reports. A spec that documents a status no case covers fails the
// contract run with that comparison, even when every case that ran passed.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { configFor } from '../drift/harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT = 120_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The repository's files as they are now (committed or not), with this node_modules, and one edit of openapi.yaml. */
function copyWithSpec(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'broken-spec-'));
  dirs.push(dir);
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  for (const file of files.filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(dir, file));
    } catch {
      // Listed but deleted in the working tree: not part of the copy.
    }
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'openapi.yaml'), edit(readFileSync(join(root, 'openapi.yaml'), 'utf8')));
  return dir;
}

function replaceLine(text: string, find: RegExp, replace: (line: string) => string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => find.test(line));
  expect(index, `a line matching ${find} in openapi.yaml`).toBeGreaterThanOrEqual(0);
  lines[index] = replace(lines[index] ?? '');
  return lines.join('\n');
}

/** The 1-based line of the first match, to check the reported location. */
const lineOf = (text: string, find: RegExp) => text.split('\n').findIndex((line) => find.test(line)) + 1;

interface Run {
  code: number | null;
  /** stdout and stderr as they arrived (two pipes: their order against each other is not kept). */
  output: string;
  stdout: string;
}

/** `npm run <script> -- <args>` in `dir` with only the environment it needs. */
function npmRun(dir: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // --no-cache: vitest's results cache lives in the shared node_modules.
    const command = ['run', script, ...(script === 'contract' ? ['--', '--no-cache', ...args] : args)];
    const child = spawn('npm', command, { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1', ...env } });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, stdout }));
  });
}

function expectStoppedCleanly(run: Run): void {
  expect(run.output).not.toMatch(/No test files found/);
  expect(run.output, 'no stack trace').not.toMatch(/^\s+(at |❯ )\S/m);
  expect(run.output).not.toMatch(/Unhandled Error/);
}

describe.concurrent('a broken openapi.yaml', () => {
  it('npm run contract: a YAML syntax error stops with its line and column', async () => {
    const text = readFileSync(join(root, 'openapi.yaml'), 'utf8');
    const line = lineOf(text, /^\s+operationId: getPayment$/);
    const dir = copyWithSpec((spec) => replaceLine(spec, /^\s+operationId: getPayment$/, (original) => original.replace('getPayment', '[getPayment')));
    const run = await npmRun(dir, 'contract');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('contract: openapi.yaml is not a contract the suite can judge by; no case was run');
    // The parser notices the open `[` where the next line starts.
    expect(run.output).toMatch(new RegExp(`^  openapi\\.yaml:(${line}|${line + 1}):\\d+ yaml: `, 'm'));
    expectStoppedCleanly(run);
  }, TIMEOUT);

  it('npm run contract: a $ref to nothing and an unknown type stop with the lint rule and location of each', async () => {
    let typeLine = 0;
    const dir = copyWithSpec((spec) => {
      const broken = replaceLine(spec, /\$ref: '#\/components\/schemas\/Payment'$/, (line) => line.replace("schemas/Payment'", "schemas/Paymnet'"));
      typeLine = lineOf(broken, /^\s+type: string$/);
      return replaceLine(broken, /^\s+type: string$/, (line) => line.replace('string', 'strin'));
    });
    const run = await npmRun(dir, 'contract');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/^  openapi\.yaml:\d+:\d+ no-unresolved-refs: /m);
    expect(run.output).toMatch(new RegExp(`^  openapi\\.yaml:${typeLine}:\\d+ struct: \`type\` can be one of`, 'm'));
    expectStoppedCleanly(run);
  }, TIMEOUT);

  it('npm run drift: exit 2, could-not-run reports with the located problems, no request sent', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = copyWithSpec((spec) => replaceLine(spec, /\$ref: '#\/components\/schemas\/Payment'$/, (line) => line.replace("schemas/Payment'", "schemas/Paymnet'")));
      const reportsDir = join(dir, 'drift-reports');
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
      const run = await npmRun(dir, 'drift', [], { ...configFor(baseUrl), DRIFT_REPORTS_DIR: reportsDir });
      expect(run.code, run.output).toBe(2);
      expect(received, 'requests the drift run sent').toEqual([]);
      expect(run.output).toMatch(/^drift: openapi\.yaml:\d+:\d+ no-unresolved-refs: /m);
      expectStoppedCleanly(run);
      const report = JSON.parse(readFileSync(join(reportsDir, 'drift.json'), 'utf8')) as { verdict: string; reasonCode: string; problems: string[] };
      expect(report).toMatchObject({ verdict: 'could-not-run', reasonCode: 'spec-invalid' });
      expect(report.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^openapi\.yaml:\d+:\d+ no-unresolved-refs: /)]));
    } finally {
      server.close();
    }
  }, TIMEOUT);

  it('npm run contract: a documented status without a case fails with the comparison, without the coverage test', async () => {
    const dir = copyWithSpec((text) => {
      const spec = parseDocument(text);
      spec.setIn(['paths', '/payments/{paymentId}', 'get', 'responses', '409'], spec.createNode({ $ref: '#/components/responses/Conflict' }));
      return spec.toString();
    });
    // The documented-response table alone: the coverage test, which would also fail, is not in the run.
    const run = await npmRun(dir, 'contract', ['tests/contract/operations.test.ts']);
    expect(run.code, run.output).toBe(1);
    const lastLines = run.stdout.trim().split('\n').slice(-4).join('\n');
    expect(lastLines, 'the run ends with vitest\'s own count').toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(run.output).toMatch(/^getPayment\s+409\s+0\s+0\s+0\s+0\s+0\s+NO CASE$/m);
    expect(run.output).toMatch(/contract: FAIL: 1 of the \d+ documented \(operation, status\) pairs had no case in this run \(\d+ had one\): getPayment 409/);
  }, TIMEOUT);
});
