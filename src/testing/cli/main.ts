// conomy-mock: the testing entry's mock over HTTP, for end-to-end tests and for code in other
// languages. It reads the command line, serves the mock, prints its URL alone on stdout (the one
// line a script reads; everything else goes to stderr) and serves until `stop` settles (SIGINT or
// SIGTERM, bin.ts), then closes the server and stops the webhook deliveries still waiting.
// Exit codes: 0 stopped; 1 could not serve (the port is taken, say); 2 refused arguments.
import { parseArgs } from 'node:util';
import { VERSION } from '../../generated/version.js';
import { createConomyMock } from '../index.js';
import { listen } from '../listen.js';
import { DEFAULT_WEBHOOK_SECRET } from '../mock.js';
import type { ConomyMockOptions } from '../types.js';
import { webhookUrlProblem } from '../webhooks.js';
import { CONTROL_ROUTE, withControl } from './control.js';

const USAGE = `usage: conomy-mock [--port <n>] [--host <host>] [--latency-ms <n>]
                   [--api-key <key> --client-id <id> --client-secret <secret> [--access-token <token>]]
                   [--webhook-url <url>] [--webhook-secret <secret>]
       conomy-mock --help | --version`;

const DEFAULT_PORT = 4010;
const DEFAULT_HOST = '127.0.0.1';

const HELP = `conomy-mock: a stateful in-memory Conomy that answers every operation of the openapi.yaml of
@conomy/checkout-contract as the contract documents, over HTTP. Prints its URL alone on stdout;
point a client at it, under any base path (e.g. <url>/sandbox). Ctrl-C (SIGINT) or SIGTERM stops it.

${USAGE}

  --port <n>                the port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <host>             the address to listen on (default ${DEFAULT_HOST})
  --latency-ms <n>          wait n milliseconds before every answer
  --api-key, --client-id, --client-secret
                            accept only these credentials (default: any non-empty ones)
  --access-token <token>    with them: the token POST /auth issues, valid from the start, never expiring
  --webhook-url <url>       POST each notification there (signed, retried on failure)
  --webhook-secret <secret> the secret notifications are signed with (default ${DEFAULT_WEBHOOK_SECRET})
  --help, --version         this text; the version

A payment changes status (and notifies) on ${CONTROL_ROUTE}
with {"status": "CAPTURED"} (or RECEIVED, FAILED, ...): it answers the notification sent.
Exit codes: 0 stopped; 1 could not serve; 2 refused arguments.
More: the README of @conomy/checkout-contract, "Testing your integration".`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'latency-ms': { type: 'string' },
  'api-key': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'access-token': { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface Serve {
  port: number;
  host: string;
  options: ConomyMockOptions;
}

/** Runs the command until `stop` settles; returns its exit code. */
export async function main(args: readonly string[], output: Output, stop: Promise<unknown>): Promise<number> {
  const parsed = parseCommand(args);
  if ('problem' in parsed) {
    output.stderr(`conomy-mock: ${parsed.problem}\n${USAGE}\n`);
    return 2;
  }
  if ('print' in parsed) {
    output.stdout(`${parsed.print}\n`);
    return 0;
  }
  // parseCommand refused whatever the mock's own checks of its options would (an empty secret, a negative latency).
  const mock = createConomyMock(parsed.options);
  let server;
  try {
    server = await listen(withControl(mock), parsed.port, parsed.host);
  } catch (error) {
    output.stderr(`conomy-mock: cannot serve on ${parsed.host} port ${parsed.port}: ${messageOf(error)}\n`);
    mock.close();
    return 1;
  }
  output.stdout(`${server.url}\n`);
  output.stderr(`conomy-mock ${VERSION}: serving the Conomy API at ${server.url} (any base path, e.g. ${server.url}/sandbox); Ctrl-C stops it\n`);
  await stop;
  mock.close();
  await server.close();
  output.stderr('conomy-mock: stopped\n');
  return 0;
}

/** What to serve, the text to print (--help, --version), or the problem with the arguments, naming the flag. */
function parseCommand(args: readonly string[]): Serve | { print: string } | { problem: string } {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    // Node's message names the flag; its first sentence is all of it that concerns this command.
    return { problem: messageOf(error).replace(/(\.)\s.*$/s, '$1') };
  }
  if (values.help) return { print: HELP };
  if (values.version) return { print: VERSION };
  const empty = Object.entries(values).find(([, value]) => value === '')?.[0];
  if (empty !== undefined) return { problem: `--${empty} must not be empty` };

  const port = integerFlag('--port', values.port ?? String(DEFAULT_PORT), 65_535);
  if (typeof port === 'string') return { problem: port };
  const options: ConomyMockOptions = {};
  if (values['latency-ms'] !== undefined) {
    const latency = integerFlag('--latency-ms', values['latency-ms'], 600_000);
    if (typeof latency === 'string') return { problem: latency };
    options.latencyMs = latency;
  }

  const { 'api-key': apiKey, 'client-id': clientId, 'client-secret': clientSecret, 'access-token': accessToken } = values;
  if ([apiKey, clientId, clientSecret, accessToken].some((value) => value !== undefined)) {
    if (apiKey === undefined || clientId === undefined || clientSecret === undefined) {
      const missing = Object.entries({ '--api-key': apiKey, '--client-id': clientId, '--client-secret': clientSecret }).filter(([, value]) => value === undefined);
      return { problem: `${missing.map(([flag]) => flag).join(', ')} missing: pinned credentials need --api-key, --client-id and --client-secret` };
    }
    options.credentials = { apiKey, clientId, clientSecret, ...(accessToken === undefined ? {} : { accessToken }) };
  }

  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined) {
    const problem = webhookUrlProblem(webhookUrl);
    if (problem) return { problem: `--webhook-url ${problem}` };
    options.webhookUrl = webhookUrl;
  }
  if (values['webhook-secret'] !== undefined) options.webhookSecret = values['webhook-secret'];
  return { port, host: values.host ?? DEFAULT_HOST, options };
}

/** A whole number from 0 to `max`, or the problem with it. */
function integerFlag(flag: string, text: string, max: number): number | string {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return value <= max ? value : `${flag} must be a whole number from 0 to ${max}, got "${text}"`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
