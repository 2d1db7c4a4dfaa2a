// The package as a consumer gets it, two ways: built and linted (`npm run check:package`: publint +
// attw), packed with `npm pack` and installed from the tarball; and installed from git, as
// `npm install git+<repository>` does before the package is on the registry (npm clones it and
// `prepare` builds dist/). Each install, into a fresh project (openapi-fetch from the npm cache or
// registry), is used from an ES module and from a CommonJS module, at runtime against a real HTTP
// server and at compile time under `module: nodenext`; the tarball consumer also runs the codegen
// recipe of the README (openapi-typescript on the exported openapi.yaml, with its freshness check).
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CONSUMER_FILES, PAYMENT } from './consumer-files.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { INSTALLING_TEST_MS, NPM_LIMIT_MS, packedPackage } from './packed.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = '@conomy/checkout-contract';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let work: string;
let checkOutput: string;
let packedFiles: string[];
const consumers: Record<'tarball' | 'git', string> = { tarball: '', git: '' };
let server: Server;
let baseUrl: string;
let received: Array<{ url: string; headers: IncomingHttpHeaders }>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'conomy-package-'));
  // The shared tarball first, so that check:package's build of dist/ comes after the pack's, not beside it.
  const packed = await packedPackage();
  packedFiles = packed.files;
  // Builds dist/ and lints it; a problem fails here with publint's or attw's report.
  checkOutput = await node([join(root, 'scripts/check-package.mjs')], root, 'check:package');
  consumers.tarball = await consumerWith(packed.tarball, ['openapi-typescript@7.13.0', 'typescript@5.9.3']);
  consumers.git = await consumerWith(`git+file://${snapshotRepository()}`);

  received = [];
  server = createServer((request, response) => {
    received.push({ url: request.url ?? '', headers: request.headers });
    const found = request.method === 'GET' && request.url === `/payments/${PAYMENT.id}`;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        found ? PAYMENT : { status: 404, code: '31', type: 'notFound', detail: 'Payment not found', traceId: 'trace-pkg-1' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The shared pack (or the wait for it), check:package and two installs, the git one with a build.
}, INSTALLING_TEST_MS + 2 * NPM_LIMIT_MS);

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh project with the consumer files, the package installed from `source`, and `extra` beside it. */
async function consumerWith(source: string, extra: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(work, 'consumer-'));
  for (const [name, text] of Object.entries(CONSUMER_FILES)) writeFileSync(join(dir, name), text);
  await command('npm', ['install', source, ...extra, '--prefer-offline', '--no-audit', '--no-fund'], dir, `npm install ${source}`);
  return dir;
}

/** This working tree (what git tracks, and new files it does not ignore) committed in a repository of its own. */
function snapshotRepository(): string {
  const repository = join(work, 'repository');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  for (const file of files.split('\0').filter(Boolean)) {
    try {
      cpSync(join(root, file), join(repository, file));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=consumer-test', '-c', 'user.email=consumer@example.test', 'commit', '-q', '-m', 'snapshot');
  return repository;
}

describe(`${PACKAGE} as packed`, () => {
  it('passes publint and attw with no problem', () => {
    expect(checkOutput).toContain('All good!'); // publint
    expect(checkOutput).toContain('No problems found'); // attw
  });

  it('ships dist/, the spec, the register, README and LICENSE and nothing else', () => {
    const outside = packedFiles.filter(
      (path) => !path.startsWith('dist/') && !['LICENSE', 'README.md', 'openapi.yaml', 'docs/discrepancies.md', 'package.json'].includes(path),
    );
    expect(outside).toEqual([]);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'dist/openapi.json',
        'dist/conomy-drift.js',
        'openapi.yaml',
        'docs/discrepancies.md',
      ]),
    );
    // The contract library and the drift engine are in the command's bundle only: no declarations, no modules.
    expect(packedFiles.filter((path) => /^dist\/(contract|drift)\//.test(path))).toEqual([]);
  });

  it("runs the README's codegen recipe: openapi-typescript on the exported openapi.yaml, and its check sees the file go stale", async () => {
    const consumer = consumers.tarball;
    const manifestPath = join(consumer, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { scripts?: Record<string, string> };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, ...readmeCodegenScripts() } }, null, 2));
    const npmRun = (script: string) => command('npm', ['run', script], consumer, `npm run ${script}`);
    await npmRun('codegen');
    expect(readFileSync(join(consumer, 'src/conomy-api.d.ts'), 'utf8')).toContain('"/payments/{paymentId}"');
    await npmRun('codegen:check');
    writeFileSync(join(consumer, 'src/conomy-api.d.ts'), '// edited by hand\n');
    await expect(npmRun('codegen:check')).rejects.toThrow(/npm run codegen:check failed/);
  }, 60_000);
});

/** The `scripts` of the README's codegen recipe (the JSON block with a `codegen` script), as written there. */
function readmeCodegenScripts(): Record<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((text) => text.includes('"codegen"'));
  if (!block) throw new Error('README.md has no JSON block with the codegen recipe');
  return (JSON.parse(block) as { scripts: Record<string, string> }).scripts;
}

for (const source of ['tarball', 'git'] as const) {
  describe(`${PACKAGE} installed from ${source === 'git' ? 'git (prepare builds dist/)' : 'its tarball'}`, () => {
    for (const [kind, file] of [
      ['an ES module', 'esm.mjs'],
      ['a CommonJS module', 'cjs.cjs'],
    ] as const) {
      it(`works from ${kind}: a real call, typed errors and the spec through the exports map`, async () => {
        const consumer = consumers[source];
        received.length = 0;
        const output = await node([file], consumer, file, { CONOMY_BASE_URL: baseUrl });
        const result = JSON.parse(output) as ConsumerResult;

        expect(result.apiVersion).toBe('24-04-2025');
        expect(result.payment).toEqual({ id: PAYMENT.id, totalAmount: PAYMENT.totalAmount, status: PAYMENT.status });
        expect(result.missing).toEqual({ name: 'NotFoundError', isNotFoundError: true, status: 404, code: '31' });
        expect(received.map((request) => request.url)).toEqual([`/payments/${PAYMENT.id}`, '/payments/does-not-exist']);
        expect(received[0]?.headers).toMatchObject({
          'x-api-key': 'consumer-api-key',
          authorization: 'Bearer consumer-token',
          'conomyhq-api-version': '24-04-2025',
          'user-agent': `conomy-checkout-contract/${version}`,
        });

        const installed = join(consumer, 'node_modules', PACKAGE);
        expect(result.specJson).toBe(join(installed, 'dist/openapi.json'));
        expect(result.specYaml).toBe(join(installed, 'openapi.yaml'));
        const repoYaml = readFileSync(join(root, 'openapi.yaml'), 'utf8');
        expect(readFileSync(result.specYaml, 'utf8')).toBe(repoYaml);
        expect(JSON.parse(readFileSync(result.specJson, 'utf8'))).toEqual(YAML.parse(repoYaml));
        expect(result.operationCount).toBe(Object.keys(OPERATIONS).length);
      }, 20_000);
    }

    it('keeps instanceof working between the ES module and CommonJS builds loaded in one process', async () => {
      const output = await node(['dual.mjs'], consumers[source], 'dual.mjs', { CONOMY_BASE_URL: baseUrl });
      const all = { notFound: true, api: true, base: true, error: true, notAConflict: true, notAConnectionError: true };
      expect(JSON.parse(output)).toEqual({ twoCopies: true, esmErrorInCjs: all, cjsErrorInEsm: all, name: 'NotFoundError' });
    }, 20_000);

    it('type-checks both consumers under module nodenext, each against its own declarations', async () => {
      const consumer = consumers[source];
      // A clean compile also proves each `@ts-expect-error` in the consumers is honoured: an unused
      // directive (a wrong request body that compiled) is itself an error (TS2578).
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      const listed = await node([tsc, '-p', 'tsconfig.json', '--listFiles'], consumer, 'tsc');
      const files = listed.split('\n').map((line) => line.replace(`${consumer}/node_modules/`, ''));
      // import -> the ESM declarations, require -> the CommonJS ones (and the same for openapi-fetch).
      expect(files).toEqual(
        expect.arrayContaining([
          `${PACKAGE}/dist/index.d.ts`,
          `${PACKAGE}/dist/index.d.cts`,
          'openapi-fetch/dist/index.d.mts',
          'openapi-fetch/dist/index.d.cts',
        ]),
      );
      expect(files.some((file) => file.includes('@types/node'))).toBe(false);
    }, 30_000);
  });
}

interface ConsumerResult {
  apiVersion: string;
  payment: unknown;
  missing: unknown;
  specJson: string;
  specYaml: string;
  operationCount: number;
}

/** Runs a node script without blocking this process (the test server must keep answering). */
function node(args: string[], cwd: string, what: string, env: Record<string, string> = {}): Promise<string> {
  return command(process.execPath, args, cwd, what, env);
}

async function command(file: string, args: string[], cwd: string, what: string, env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${what} failed:\n${stdout}\n${stderr}`);
  }
}
