// The code samples of the reference (lib/docs/code-samples.mjs) are what readers copy, so they are
// held to what the reader gets: every TypeScript sample compiles, as a module of a consumer's strict
// project, against the package built from this tree; the webhook's curl command, sent to the
// webhook's TypeScript receiver running on 127.0.0.1, is accepted (and refused with a wrong secret).
// code-samples-curl.test.ts runs the other curl commands against the Prism mock.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_VERSION_HEADER, CREDENTIAL_VARIABLES, WEBHOOK_SECRET_VARIABLE, WEBHOOK_URL_VARIABLE, withCodeSamples } from '../../lib/docs/code-samples.mjs';
import { loadClientFacts } from '../../lib/docs/client-facts.mjs';
import { exampleOf } from '../../lib/spec/index.mjs';
import { API_VERSION, ConflictError, createConomyClient, InternalServerError, NotFoundError, UnprocessableEntityError } from '../../src/index.js';
import { OPERATIONS } from '../../src/generated/operations.js';
import { documentedSuccess, loadSamples, repoRoot, runCurl, spec, type OperationSamples } from './samples.js';

const run = promisify(execFile);
const PACKAGE = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).name as string;
const WEBHOOK_ID = 'transactionNotification';

let samples: Map<string, OperationSamples>;
beforeAll(async () => {
  samples = await loadSamples();
});

describe('generated code samples', () => {
  it('cover every operation and the webhook, in TypeScript and curl', () => {
    expect([...samples.keys()].sort()).toEqual([...Object.keys(OPERATIONS), WEBHOOK_ID].sort());
  });

  it('send the pinned API version the way the client does, and credentials only as variables', async () => {
    let sent: Headers | undefined;
    const client = createConomyClient({
      apiKey: 'sample-test-key',
      accessToken: 'sample-test-token',
      fetch: async (request: Request) => {
        sent = request.headers;
        return Response.json({});
      },
    });
    await client.GET('/payments/available-products');
    expect(sent?.get(API_VERSION_HEADER)).toBe(API_VERSION);

    const authBody = spec.paths['/auth'].post.requestBody.content['application/json'];
    const exampleCredentials = Object.values(exampleOf(spec, authBody, 'POST /auth requestBody') as Record<string, string>);
    expect(exampleCredentials.length).toBeGreaterThan(0);
    for (const [operationId, { section, operation, typescript, curl }] of samples) {
      for (const value of exampleCredentials) expect(`${typescript}${curl}`, operationId).not.toContain(value);
      if (section === 'webhooks') continue;
      expect(curl, operationId).toContain(`-H "${API_VERSION_HEADER}: ${API_VERSION}"`);
      expect(curl, operationId).toContain(`-H "x-api-key: $${CREDENTIAL_VARIABLES.apiKey}"`);
      const bearer = (operation.security ?? spec.security).some((need: Record<string, unknown>) => 'bearerAuth' in need);
      expect(curl.includes(`-H "Authorization: Bearer $${CREDENTIAL_VARIABLES.accessToken}"`), operationId).toBe(bearer);
      expect(typescript, operationId).toContain(`apiKey: process.env.${CREDENTIAL_VARIABLES.apiKey}!`);
    }
    const token = samples.get('createAccessToken')!;
    expect(token.curl).toContain(`"clientSecret": "$${CREDENTIAL_VARIABLES.clientSecret}"`);
    expect(token.typescript).toContain(`clientSecret: process.env.${CREDENTIAL_VARIABLES.clientSecret}!`);
  });

  it('catch the statuses an operation documents beyond the common ones, by the class the client throws', async () => {
    const facts = await loadClientFacts(repoRoot);
    expect([404, 409, 422, 503].map(facts.errorClassFor)).toEqual(
      [NotFoundError, ConflictError, UnprocessableEntityError, InternalServerError].map((errorClass) => errorClass.name),
    );
    expect(samples.get('createPaymentLink')!.typescript).toContain('error instanceof ConflictError');
    expect(samples.get('getPayment')!.typescript).toContain('error instanceof NotFoundError');
    expect(samples.get('listPaymentLinks')!.typescript).not.toContain('catch');
  });

  it('go into a copy of the spec as x-codeSamples, leaving the spec itself without any', async () => {
    const before = structuredClone(spec);
    const withSamples = withCodeSamples(spec, await loadClientFacts(repoRoot));
    expect(spec).toEqual(before);
    expect(JSON.stringify(spec)).not.toContain('x-codeSamples');
    expect(withSamples.paths['/payment-links'].post['x-codeSamples'].map((sample: { label: string }) => sample.label)).toEqual(['TypeScript', 'curl']);
  });
});

describe('code samples against the built package', { timeout: 120_000 }, () => {
  let work: string;
  let receiver: Server | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'docs-samples-'));
    // The package as a consumer installs it: package.json and dist/, built from this tree into the
    // consumer's node_modules (not the repository's dist/, which other tests rebuild meanwhile).
    const installed = join(work, 'node_modules', ...PACKAGE.split('/'));
    const built = await run(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--out', join(installed, 'dist')], { cwd: repoRoot });
    expect(built.stdout).toContain('build: wrote');
    writeFileSync(join(installed, 'package.json'), readFileSync(join(repoRoot, 'package.json')));
    for (const dependency of ['openapi-fetch', '@types/node', 'typescript']) {
      mkdirSync(join(work, 'node_modules', dependency, '..'), { recursive: true });
      symlinkSync(join(repoRoot, 'node_modules', dependency), join(work, 'node_modules', dependency), 'dir');
    }
    writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  }, 120_000);

  afterAll(async () => {
    if (receiver) await new Promise((done) => receiver!.close(done));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Type-checks the files of `dir` (name -> source) as a strict NodeNext project; the exit status and output. */
  function typecheck(dir: string, files: Record<string, string>) {
    mkdirSync(join(work, dir));
    for (const [name, source] of Object.entries(files)) writeFileSync(join(work, dir, name), source);
    const compilerOptions = {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    };
    writeFileSync(join(work, `${dir}.tsconfig.json`), JSON.stringify({ compilerOptions, include: [`${dir}/*.ts`] }));
    const tsc = spawnSync(process.execPath, [join(work, 'node_modules/typescript/bin/tsc'), '-p', `${dir}.tsconfig.json`], { cwd: work, encoding: 'utf8' });
    return { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
  }

  it('every TypeScript sample compiles, and a sample that calls a misspelt path does not', () => {
    const files = Object.fromEntries([...samples].map(([operationId, { typescript }]) => [`${operationId}.ts`, typescript]));
    const compiled = typecheck('samples', files);
    expect(compiled.output).toBe('');
    expect(compiled.status).toBe(0);

    // The same check must be able to fail: a resolution gone wrong would type every call as any.
    const { typescript } = samples.get('getPayment')!;
    expect(typescript).toContain("'/payments/{paymentId}'");
    const broken = typecheck('broken', { 'getPayment.ts': typescript.replace("'/payments/{paymentId}'", "'/payment/{paymentId}'") });
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('broken/getPayment.ts');
  });

  it("the webhook's curl sample, sent to its TypeScript receiver, is accepted, and refused under another secret", async () => {
    const { operation, typescript, curl } = samples.get(WEBHOOK_ID)!;
    // The receiver sample, bundled against the installed package and loaded into this process.
    const bundled = await build({
      stdin: { contents: typescript, loader: 'ts', resolveDir: work },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      logLevel: 'silent',
    });
    const receiverModule = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0]!.text).toString('base64')}`);
    const handler = Object.values(receiverModule)[0] as (request: Request) => Promise<Response>;
    receiver = createServer(async (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers = new Headers(Object.entries(incoming.headers).map(([name, value]): [string, string] => [name, String(value)]));
      const answer = await handler(new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method, headers, body: Buffer.concat(chunks) }));
      outgoing.writeHead(answer.status).end();
    });
    await new Promise<void>((ready) => receiver!.listen(0, '127.0.0.1', ready));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/conomy`;

    // The webhook's description names the secret its example is signed with.
    const secret = /signed with the secret `([^`]+)`/.exec(operation.description)?.[1];
    expect(secret).toBeDefined();
    const send = async (webhookSecret: string) => {
      process.env[WEBHOOK_SECRET_VARIABLE] = webhookSecret;
      return (await runCurl(curl, { [WEBHOOK_URL_VARIABLE]: url }, work)).status;
    };
    // The receiver logs what it verified; here that is the example's event and transaction.
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(documentedSuccess(operation)).toContain(await send(secret!));
      const { event, data } = exampleOf(spec, operation.requestBody.content['application/json'], 'webhook request body') as any;
      expect(logged.mock.calls).toEqual([[event, data.transaction.id, data.transaction.status]]);
      expect(await send('whsec_another_secret')).toBe(Number(Object.keys(operation.responses).find((status) => status.startsWith('4'))));
    } finally {
      logged.mockRestore();
      delete process.env[WEBHOOK_SECRET_VARIABLE];
    }
  });
});
