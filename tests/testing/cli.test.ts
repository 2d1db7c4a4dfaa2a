// conomy-mock, the mock over HTTP as a command: the command (main) in this process, where a test
// ends it by settling its stop promise, for what it serves, its control route and its refusals; and
// the bundle the package ships, as a process of its own that SIGINT and SIGTERM stop.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { bundleCommand } from '../../lib/command-bundle.mjs';
import { AuthenticationError, createConomyClient, verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from '../../src/index.js';
import { VERSION } from '../../src/generated/version.js';
import { main } from '../../src/testing/cli/main.js';
import type { RecordedWebhook } from '../../src/testing/index.js';
import { offer, refusal } from './support.js';

const PINNED = { apiKey: 'apikey-cli-0001', clientId: 'client-cli-0001', clientSecret: 'secret-cli-0001', accessToken: 'token-cli-0001' };
const PINNED_FLAGS = ['--api-key', PINNED.apiKey, '--client-id', PINNED.clientId, '--client-secret', PINNED.clientSecret, '--access-token', PINNED.accessToken];

const servers: Server[] = [];
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The command in this process: its exit code, what it printed, its URL once it serves (serving()), and the signal that stops it. */
function command(args: string[]) {
  const printed = { stdout: '', stderr: '' };
  let served: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => (served = resolve));
  let stop: () => void = () => {};
  const code = main(args, { stdout: (text) => served((printed.stdout += text).trim()), stderr: (text) => (printed.stderr += text) }, new Promise<void>((resolve) => (stop = resolve)));
  stops.push(stop);
  const serving = () => Promise.race([url, code.then((exit) => Promise.reject(new Error(`exit ${exit}: ${printed.stderr}`)))]);
  return { code, printed, stop, serving };
}

describe('conomy-mock', () => {
  it('prints its URL alone on stdout, serves the mock there under any base path with the pinned credentials, and closes when stopped', async () => {
    const run = command(['--port', '0', '--latency-ms', '40', ...PINNED_FLAGS]);
    const url = await run.serving();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.printed.stdout).toBe(`${url}\n`);
    const conomy = createConomyClient({ apiKey: PINNED.apiKey, accessToken: PINNED.accessToken, baseUrl: `${url}/sandbox`, maxRetries: 0, logLevel: 'off' });
    const started = Date.now();
    const { data: session } = await conomy.POST('/checkout-sessions', { body: offer('cli-1') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(session.checkoutToken).toBe('cli-1');
    const stranger = createConomyClient({ apiKey: 'apikey-other-0001', accessToken: PINNED.accessToken, baseUrl: url, maxRetries: 0, logLevel: 'off' });
    expect(await refusal(stranger.GET('/payments', {}))).toBeInstanceOf(AuthenticationError);

    run.stop();
    expect(await run.code).toBe(0);
    expect(run.printed.stderr).toMatch(/stopped\n$/);
    await expect(fetch(url)).rejects.toThrow();
  });

  it(`moves a payment on POST /_mock/payments/{id}/status and delivers the notification to --webhook-url, signed with --webhook-secret`, async () => {
    const received: Array<{ body: string; signature: string | undefined }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ body, signature: request.headers['x-webhook-signature'] as string | undefined });
        response.writeHead(204).end();
      });
    });
    servers.push(receiver);
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/conomy`;
    const url = await command(['--port', '0', '--webhook-url', webhookUrl, '--webhook-secret', 'whsec_cli_test_0001']).serving();

    const conomy = createConomyClient({ apiKey: PINNED.apiKey, clientId: PINNED.clientId, clientSecret: PINNED.clientSecret, baseUrl: `${url}/sandbox`, maxRetries: 0, logLevel: 'off' });
    const { data: session } = await conomy.POST('/checkout-sessions', { body: offer('cli-2') });
    const { data: payment } = await conomy.POST('/checkout-sessions/{checkoutSessionId}/payments', { params: { path: { checkoutSessionId: session.id } }, body: { paymentMethod: 'ETPAY' } });
    const move = (status: unknown, paymentId = payment.id) =>
      fetch(`${url}/sandbox/_mock/payments/${paymentId}/status`, { method: 'POST', body: JSON.stringify({ status }) });

    expect((await move('AUTHORIZED')).status).toBe(204); // no event for it
    const captured = await move('CAPTURED');
    expect(captured.status).toBe(200);
    const sent = (await captured.json()) as RecordedWebhook;
    expect(sent).toMatchObject({ event: 'Transaction.Captured', paymentId: payment.id });
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toEqual({ body: sent.body, signature: sent.headers[WEBHOOK_SIGNATURE_HEADER] });
    expect((await verifyWebhook(sent.body, 'whsec_cli_test_0001', { signatureHeader: received[0]?.signature })).event).toBe('Transaction.Captured');
    expect((await conomy.GET('/payments/{paymentId}', { params: { path: { paymentId: payment.id } } })).data.status).toBe('CAPTURED');

    const backwards = await move('AUTHORIZED');
    expect([backwards.status, await backwards.json()]).toEqual([409, { message: expect.stringContaining('from CAPTURED to AUTHORIZED') }]);
    expect((await move('CAPTURED', '6d6f636b0000000000000999')).status).toBe(404);
    expect((await move(undefined)).status).toBe(400);
    const undocumented = await move('PAID');
    expect([undocumented.status, await undocumented.json()]).toEqual([400, { message: expect.stringContaining('"PAID" is not a documented payment status') }]);
    const undecodable = await move('RECEIVED', '%E0');
    expect([undecodable.status, await undecodable.json()]).toEqual([400, { message: expect.stringContaining('percent-encoding') }]);
    expect((await conomy.GET('/payments/{paymentId}', { params: { path: { paymentId: payment.id } } })).data.status).toBe('CAPTURED');
    // Any other request under /_mock/ is the mock's, which knows no such operation.
    expect((await fetch(`${url}/_mock/payments/${payment.id}/status`)).status).toBe(404);
  });

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535, got "abc"'],
    [['--port', '65536'], '--port must be a whole number from 0 to 65535, got "65536"'],
    [['--port'], "Option '--port <value>' argument missing"],
    [['--latency-ms', '-5'], "Option '--latency-ms' argument is ambiguous.\nusage"],
    [['--latency-ms=1.5'], '--latency-ms must be a whole number from 0 to 600000, got "1.5"'],
    [['--host='], '--host must not be empty'],
    [['--api-key', 'apikey-cli-0001'], '--client-id, --client-secret missing: pinned credentials need --api-key, --client-id and --client-secret'],
    [['--access-token', 'token-cli-0001'], '--api-key, --client-id, --client-secret missing'],
    [['--webhook-url', 'ftp://shop.test/hooks'], '--webhook-url must be an http or https URL'],
    [['--webhook-url', 'shop.test/hooks'], '--webhook-url must be an http or https URL'],
    [['--prot', '4010'], "Unknown option '--prot'"],
    [['4010'], "Unexpected argument '4010'"],
  ])('refuses %j with exit 2, naming the flag, and serves nothing', async (args, problem) => {
    const run = command(args);
    expect(await run.code).toBe(2);
    expect(run.printed.stderr).toContain(`conomy-mock: ${problem}`);
    expect(run.printed.stderr).toContain('usage: conomy-mock');
    expect(run.printed.stdout).toBe('');
  });

  it('--help and --version print and exit 0; a port in use exits 1, saying which', async () => {
    const help = command(['--help']);
    expect(await help.code).toBe(0);
    for (const flag of ['--port', '--host', '--latency-ms', '--api-key', '--access-token', '--webhook-url', '--webhook-secret', '/_mock/payments/{paymentId}/status']) {
      expect(help.printed.stdout).toContain(flag);
    }
    const version = command(['--version']);
    expect(await version.code).toBe(0);
    expect(version.printed.stdout).toBe(`${VERSION}\n`);

    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const busy = command(['--port', String(port)]);
    expect(await busy.code).toBe(1);
    expect(busy.printed.stderr).toContain(`conomy-mock: cannot serve on 127.0.0.1 port ${port}: `);
  });
});

describe('the conomy-mock bundle', () => {
  // Beside the sources, as the package has it beside openapi.yaml: the bundle reads the spec of its package.
  const bundle = join(fileURLToPath(new URL('../..', import.meta.url)), '.cache', `conomy-mock-${process.pid}.js`);
  afterAll(() => rmSync(bundle, { force: true }));

  it.each(['SIGINT', 'SIGTERM'] as const)('runs on its own, answers as the mock, and %s stops it with exit 0', async (signal) => {
    await bundleCommand('conomy-mock', bundle);
    const child = spawn(process.execPath, [bundle, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (chunk: string) => resolve(chunk.trim()));
      void exited.then((code) => reject(new Error(`exit ${code}: ${stderr}`)));
    });
    const answer = await fetch(`${url}/sandbox/payments`);
    expect([answer.status, ((await answer.json()) as { status: number }).status]).toEqual([401, 401]);
    child.kill(signal);
    expect(await exited, stderr).toBe(0);
    expect(stderr).toContain('conomy-mock: stopped');
  });
});
