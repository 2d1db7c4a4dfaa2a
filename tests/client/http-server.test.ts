// The same client against a real HTTP server on 127.0.0.1 (ephemeral port), through the runtime's
// own fetch: what the wire sees, and faults a stand-in fetch cannot produce faithfully.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConomyApiError,
  ConomyConnectionError,
  ConomyInvalidResponseError,
  ConomyResponseTooLargeError,
  ConomyTimeoutError,
  createConomyClient,
  DEFAULT_USER_AGENT,
  InternalServerError,
  NotFoundError,
} from '../../src/index.js';
import { PAYMENT_LINK, SECRETS } from './support.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Route = (request: Received, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let route: Route;
let received: Received[];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
      if (entry.url === '/auth') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ accessToken: SECRETS.accessToken, tokenType: 'Bearer', expiresIn: 3600 }));
        return;
      }
      received.push(entry);
      route(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

const client = (extra: { maxRetries?: number; timeoutMs?: number; maxResponseBytes?: number } = {}) =>
  createConomyClient({
    apiKey: SECRETS.apiKey,
    clientId: SECRETS.clientId,
    clientSecret: SECRETS.clientSecret,
    baseUrl,
    logLevel: 'off',
    initialRetryDelayMs: 1,
    ...extra,
  });

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/** Sends the headers and part of the body, then kills the connection. */
const resetMidBody = (response: ServerResponse) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
  response.write('{"id":"6931f0a2addea9');
  setTimeout(() => response.socket?.destroy(), 5);
};

const byId = { params: { path: { paymentLinkId: PAYMENT_LINK.id } } };
const createBody = { checkoutToken: 'invoice-1001', customer: { firstName: 'Jane' } } as never;

describe('over real HTTP', () => {
  it('sends every header and the JSON body on the wire', async () => {
    route = (_request, response) => sendJson(response, 201, { ...PAYMENT_LINK, id: 'cs_1' });
    const { data } = await client().POST('/checkout-sessions', { body: createBody });
    expect(data.id).toBe('cs_1');
    const [request] = received;
    expect(request).toMatchObject({ method: 'POST', url: '/checkout-sessions' });
    expect(request?.headers).toMatchObject({
      'x-api-key': SECRETS.apiKey,
      authorization: `Bearer ${SECRETS.accessToken}`,
      'user-agent': DEFAULT_USER_AGENT,
      'conomyhq-api-version': '24-04-2025',
      'content-type': 'application/json',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({ checkoutToken: 'invoice-1001', customer: { firstName: 'Jane' } });
  });

  it('retries a GET whose connection is reset mid-body', async () => {
    route = (_request, response) => (received.length === 1 ? resetMidBody(response) : sendJson(response, 200, PAYMENT_LINK));
    const { data } = await client().GET('/payment-links/{paymentLinkId}', byId);
    expect(data.id).toBe(PAYMENT_LINK.id);
    expect(received).toHaveLength(2);
  });

  it('does not replay a POST whose connection is reset mid-body: the server may have acted', async () => {
    route = (_request, response) => resetMidBody(response);
    const error = await client().POST('/checkout-sessions', { body: createBody }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyConnectionError);
    expect((error as Error).message).toMatch(/^Connection error: .*\(POST http:\/\/127\.0\.0\.1:\d+\/checkout-sessions\)$/);
    expect(received).toHaveLength(1);
  });

  it('retries a GET whose connection drops before any response', async () => {
    route = (_request, response) => (received.length === 1 ? response.socket?.destroy() : sendJson(response, 200, PAYMENT_LINK));
    await client().GET('/payment-links/{paymentLinkId}', byId);
    expect(received).toHaveLength(2);
  });

  it('reports truncated JSON in a complete 200 response as an invalid response', async () => {
    route = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"6931f0a2addea901a6014501","status":');
    };
    const error = await client().GET('/payment-links/{paymentLinkId}', byId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyInvalidResponseError);
    expect((error as Error).message).toMatch(/^200 response with a body that is not valid JSON/);
    expect(received).toHaveLength(1);
  });

  it('turns an HTML 502 page from a proxy into InternalServerError after the retries', async () => {
    const page = '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>';
    route = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(page);
    };
    const error = await client({ maxRetries: 1 }).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, body: undefined, rawBody: page });
    expect(received).toHaveLength(2);
  });

  it('handles empty bodies: 204 is fine, an empty 404 is NotFoundError, an empty 200 is invalid', async () => {
    route = (_request, response) => {
      response.writeHead(204);
      response.end();
    };
    const deleted = await client().DELETE('/payment-links/{paymentLinkId}', byId);
    expect(deleted.response.status).toBe(204);

    route = (_request, response) => {
      response.writeHead(404, { 'content-length': '0' });
      response.end();
    };
    await expect(client().GET('/payment-links/{paymentLinkId}', byId)).rejects.toBeInstanceOf(NotFoundError);

    route = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      response.end();
    };
    await expect(client().GET('/payment-links/{paymentLinkId}', byId)).rejects.toThrow(/^200 response with an empty body/);
  });

  it('times out a slow server and retries the GET', async () => {
    route = (_request, response) => {
      const timer = setTimeout(() => sendJson(response, 200, PAYMENT_LINK), 1000);
      response.on('close', () => clearTimeout(timer));
    };
    const error = await client({ timeoutMs: 50, maxRetries: 1 }).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyTimeoutError);
    expect(received).toHaveLength(2);
  });

  it('does not follow redirects, so x-api-key never reaches another host', async () => {
    route = (request, response) => {
      if (request.url.startsWith('/elsewhere')) return sendJson(response, 200, PAYMENT_LINK);
      response.writeHead(302, { location: `${baseUrl}/elsewhere` });
      response.end();
    };
    const error = await client().GET('/payments').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyApiError);
    expect(error).toMatchObject({ status: 302 });
    expect(received.map((request) => request.url)).toEqual(['/payments']);
  });
});

describe('bounded bodies', () => {
  /** Streams `megabytes` of JSON-looking bytes without a Content-Length, as fast as the socket takes them. */
  const endless = (megabytes: number) => (_request: Received, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = (megabytes * 1024 * 1024) / chunk.length;
    const pump = () => {
      while (left > 0) {
        left -= 1;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    response.on('close', () => (left = 0));
    pump();
  };

  it('stops reading a body past maxResponseBytes, with a typed error, and does not retry it', async () => {
    route = endless(200);
    const started = Date.now();
    const error = await client({ maxResponseBytes: 1024 * 1024 }).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyResponseTooLargeError);
    expect((error as Error).message).toMatch(/^200 response with a body over maxResponseBytes \(1048576 bytes\); the rest was not read \(GET http:\/\/127\.0\.0\.1:\d+\/payments\)$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(received).toHaveLength(1);
  });

  it('refuses at once a body whose Content-Length is over the limit', async () => {
    route = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) });
      response.write('{"results":[');
    };
    const error = await client({ maxResponseBytes: 1024 }).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ConomyResponseTooLargeError', status: 200, maxResponseBytes: 1024 });
  });

  it('reads a body right at the limit', async () => {
    const body = JSON.stringify(PAYMENT_LINK);
    route = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    };
    const { data } = await client({ maxResponseBytes: Buffer.byteLength(body) }).GET('/payment-links/{paymentLinkId}', {
      params: { path: { paymentLinkId: PAYMENT_LINK.id } },
    });
    expect(data).toEqual(PAYMENT_LINK);
  });

  it('counts the bytes after decompression: a small Content-Length of gzip cannot announce a huge body', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '));
    route = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      response.end(bomb);
    };
    const before = process.memoryUsage().rss;
    const error = await client({ maxResponseBytes: 1024 * 1024 }).GET('/payments').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConomyResponseTooLargeError);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('cuts the text fields of a parsed error body too, so a 5 MB detail does not make a 5 MB message', async () => {
    route = (_request, response) =>
      sendJson(response, 400, { status: 400, code: '11', type: 'invalidParam', detail: 'd'.repeat(5 * 1024 * 1024), traceId: 't-1' });
    const error = (await client().GET('/payments').catch((caught: unknown) => caught)) as ConomyApiError;
    expect(error).toMatchObject({ status: 400, code: '11', type: 'invalidParam', traceId: 't-1' });
    expect(error.message.length).toBeLessThan(1_300);
    expect(JSON.stringify(error).length).toBeLessThan(20_000);
  });

  it('keeps only the start of a long error body, so a serialized error stays small', async () => {
    route = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(`<html>${'x'.repeat(1024 * 1024)}</html>`);
    };
    const error = (await client({ maxRetries: 0 }).GET('/payments').catch((caught: unknown) => caught)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.rawBody.length).toBeLessThan(17_000);
    expect(error.rawBody).toMatch(/\.\.\. \(\d+ more characters not kept\)$/);
    expect(JSON.stringify(error).length).toBeLessThan(20_000);
  });
});
