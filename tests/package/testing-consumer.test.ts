// The testing kit as a stranger gets it: the package packed and installed from its tarball into an
// empty project, with what README "Testing your integration" has a consumer add beside it (vitest,
// msw, @types/node) and two TypeScript versions, and used only as the README says. The README's
// examples run there with that project's vitest; they compile with the oldest TypeScript the README
// names under three module resolutions, and the package's own declarations with skipLibCheck off,
// where the version before it fails as the README says; `npx conomy-mock` serves the mock, and `npx conomy-drift`
// run against it finds nothing at all.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/drift/report/build-report.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { configFor, leakedSecrets, SECRETS } from '../drift/harness.js';
import { command, consumerProject, killGroup, INSTALLING_TEST_MS, strangerEnvironment, type CommandRun } from './packed.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE = '@conomy/checkout-contract';
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
/** The oldest TypeScript the README names, and the one before it. */
const OLDEST_TYPESCRIPT = '5.4.5';
const TOO_OLD_TYPESCRIPT = '5.3.3';
/** What the consumer adds: the versions this repository tests with, and the two compilers (the older one under an alias). */
const EXTRA = [
  `vitest@${manifest.devDependencies.vitest}`,
  `msw@${manifest.devDependencies.msw}`,
  `@types/node@${manifest.devDependencies['@types/node']}`,
  `typescript@${OLDEST_TYPESCRIPT}`,
  `typescript-too-old@npm:typescript@${TOO_OLD_TYPESCRIPT}`,
];
const COMMAND_LIMIT_MS = 60_000;
/** The module setting each resolution is used with. */
const RESOLUTIONS = { node16: 'node16', bundler: 'esnext', node10: 'commonjs' } as const;

/** README "Testing your integration": its test files (a block whose first line names one) and the webhook handler they import. */
function readmeExamples(): Record<string, string> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Testing your integration\n'));
  const blocks = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const files: Record<string, string> = {};
  for (const block of blocks(section.slice(0, section.indexOf('\n## ', 1)))) {
    const name = /^\/\/ ([\w-]+\.test\.ts)\n/.exec(block)?.[1];
    if (name) files[name] = block;
  }
  const handler = blocks(readme).find((block) => block.includes('export async function handleWebhook('));
  if (!handler) throw new Error('README.md has no block with the webhook handler (export async function handleWebhook)');
  files['webhook.ts'] = handler;
  return files;
}

/** Uses the client and the testing entry the way a consumer's code would; compiled with skipLibCheck off. */
const DECLARATIONS = `import { createConomyClient, verifyWebhook, WEBHOOK_SIGNATURE_HEADER, type Payment } from '${PACKAGE}';
import { createConomyMock, signWebhook, type ConomyMock, type RecordedWebhook } from '${PACKAGE}/testing';

const mock: ConomyMock = createConomyMock({ webhookSecret: 'whsec_declarations' });
const conomy = createConomyClient({ apiKey: 'k', clientId: 'c', clientSecret: 's', fetch: mock.fetch });

export async function firstPayment(): Promise<Payment | undefined> {
  const { data } = await conomy.GET('/payments', { params: { query: { limit: 1 } } });
  return data.results[0];
}

export async function captured(paymentId: string): Promise<RecordedWebhook | undefined> {
  const sent = await mock.setPaymentStatus(paymentId, 'CAPTURED');
  if (sent) await verifyWebhook(sent.body, 'whsec_declarations', { signatureHeader: sent.headers[WEBHOOK_SIGNATURE_HEADER] });
  return sent;
}

export const signature: Promise<string> = signWebhook('{}', 'whsec_declarations');
export const linkIds: string[] = mock.state.paymentLinks.map((link) => link.id);
`;

let work: string | undefined;
let consumer = '';
let installation: Promise<Record<string, string>> | undefined;

/** The consumer project with the examples written into it, made once by the first test that asks (each test awaits it, so a failed install fails them all). */
function installed(): Promise<Record<string, string>> {
  installation ??= consumerProject('conomy-testing-consumer-', EXTRA).then((project) => {
    ({ work, consumer } = project);
    const examples = readmeExamples();
    for (const [name, text] of Object.entries({ ...examples, 'declarations.ts': DECLARATIONS })) writeFileSync(join(consumer, name), text);
    return examples;
  });
  return installation;
}

afterAll(async () => {
  await installation?.catch(() => {});
  if (work) rmSync(work, { recursive: true, force: true });
});

const say = (run: CommandRun) => `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
const inConsumer = (file: string, args: string[], variables: Record<string, string> = {}) =>
  command(file, args, consumer, strangerEnvironment(variables), COMMAND_LIMIT_MS);

type Resolution = keyof typeof RESOLUTIONS;

/** Writes the tsconfig of one compilation and returns its name. */
function tsconfig(resolution: Resolution, files: string[], skipLibCheck: boolean): string {
  const name = `tsconfig.${resolution}.${skipLibCheck ? 'skip-lib-check' : 'lib-check'}.json`;
  // @types/node for process and fetch's Request and Response, as a Node project has them.
  const compilerOptions = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], module: RESOLUTIONS[resolution], moduleResolution: resolution, skipLibCheck, types: ['node'] };
  writeFileSync(join(consumer, name), JSON.stringify({ compilerOptions, files }, null, 2));
  return name;
}

/** `tsc` of this consumer's TypeScript (`typescript`, or the alias of the older one) over tsconfigs, in one build. */
const tsc = (compiler: 'typescript' | 'typescript-too-old', configs: string[]) =>
  inConsumer('node', [`node_modules/${compiler}/bin/tsc`, '--build', '--verbose', ...configs]);

describe(`${PACKAGE}/testing installed from its tarball into an empty project`, () => {
  it("runs README's examples with the project's own vitest: every test of every example passes", async () => {
    const examples = await installed();
    const testFiles = Object.keys(examples).filter((name) => name.endsWith('.test.ts'));
    expect(testFiles.sort()).toEqual(['checkout-msw.test.ts', 'checkout.test.ts', 'webhook.test.ts']);
    const run = await inConsumer('npx', ['--no-install', 'vitest', 'run', '--reporter=json', '--outputFile=vitest.json']);
    expect(run.code, say(run)).toBe(0);
    const results = JSON.parse(readFileSync(join(consumer, 'vitest.json'), 'utf8')) as {
      testResults: Array<{ name: string; assertionResults: Array<{ status: string }> }>;
    };
    const written = testFiles.reduce((count, name) => count + (examples[name]?.match(/^it\(/gm)?.length ?? 0), 0);
    const statuses = results.testResults.flatMap((file) => file.assertionResults.map((test) => test.status));
    expect(results.testResults.map((file) => file.name.slice(consumer.length + 1)).sort()).toEqual(testFiles.sort());
    expect(statuses).toEqual(Array(written).fill('passed'));
  }, INSTALLING_TEST_MS);

  it(`compiles with TypeScript ${OLDEST_TYPESCRIPT}: the examples under node16, bundler and node10 resolution, and the package's declarations with skipLibCheck off`, async () => {
    const examples = await installed();
    const resolutions = Object.keys(RESOLUTIONS) as Resolution[];
    // The declarations once: each resolution finds its own tree (attw checks which), all of one text.
    const configs = [...resolutions.map((resolution) => tsconfig(resolution, Object.keys(examples), true)), tsconfig('node16', ['declarations.ts'], false)];
    const run = await tsc('typescript', configs);
    expect(run.code, say(run)).toBe(0);
    // --verbose names each project it builds: all were compiled, none skipped.
    for (const config of configs) expect(run.stdout, say(run)).toContain(`Building project '${join(consumer, config)}'`);
  }, INSTALLING_TEST_MS);

  it(`TypeScript ${TOO_OLD_TYPESCRIPT} fails on the package's declarations with skipLibCheck off, only inside openapi-fetch's`, async () => {
    await installed();
    const run = await tsc('typescript-too-old', [tsconfig('node16', ['declarations.ts'], false)]);
    expect(run.code, say(run)).not.toBe(0);
    const failing = [...run.stdout.matchAll(/^(\S+)\(\d+,\d+\): error/gm)].map((match) => match[1] ?? '');
    expect(failing.length, say(run)).toBeGreaterThan(0);
    for (const file of failing) expect(file, say(run)).toMatch(/^node_modules\/(openapi-fetch|openapi-typescript-helpers)\//);
  }, INSTALLING_TEST_MS);

  it('npx conomy-mock prints its URL; npx conomy-drift against it: exit 0, every operation checked on a 2xx, no finding, problem or credential', async () => {
    await installed();
    const { apiKey, clientId, clientSecret } = SECRETS;
    const mock = spawn('npx', ['--no-install', 'conomy-mock', '--port', '0', '--api-key', apiKey, '--client-id', clientId, '--client-secret', clientSecret], {
      cwd: consumer,
      env: strangerEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let mockErr = '';
    mock.stderr.setEncoding('utf8').on('data', (chunk: string) => (mockErr += chunk));
    const closed = new Promise<number | null>((resolve) => mock.once('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        mock.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.trim());
        });
        void closed.then((code) => reject(new Error(`conomy-mock exited ${code} before serving:\n${mockErr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const run = await inConsumer('npx', ['--no-install', 'conomy-drift'], configFor(`${url}/sandbox`));
      expect(run.code, say(run)).toBe(0);
      const report = JSON.parse(readFileSync(join(consumer, 'reports/drift.json'), 'utf8')) as DriftReport;
      const operations = Object.keys(OPERATIONS).length;
      expect(report.verdict).toBe('ok');
      expect(report.findings).toEqual([]);
      expect(report.problems).toEqual([]);
      expect(report.summary).toMatchObject({ operations, checked: operations, ok: operations, drift: 0, notReached: 0, skipped: 0, errors: 0 });
      for (const operation of report.operations) {
        expect(operation.statuses.some((status) => status >= 200 && status < 300), `${operation.operationId} checked on a 2xx`).toBe(true);
      }
      expect(leakedSecrets([run.stdout, run.stderr, mockErr, readFileSync(join(consumer, 'reports/drift.md'), 'utf8')].join('\n'))).toEqual([]);
    } finally {
      killGroup(mock.pid, 'SIGTERM');
    }
    await closed;
    expect(mockErr, 'conomy-mock stops on SIGTERM').toMatch(/conomy-mock: stopped\n$/);
  }, INSTALLING_TEST_MS);
});
