// Client overhead: the same templated GET /payments/{paymentId} against a local server, through plain
// openapi-fetch (with the same headers) and through the built client (dist/index.js), 2,000
// sequential requests each, with raw fetch alongside for context. The difference is what the client
// adds on top of openapi-fetch: the path guard and the transport (credentials, per-attempt timeout,
// a body read in full and bounded, the rebuilt response).
//
// Drift (JIT, GC, CPU frequency, the other process on the machine) is cancelled by warming every
// variant up first, then running them in interleaved batches whose order rotates. The figure is the
// ratio of the per-request medians, client over plain openapi-fetch.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';

const REQUESTS = 2_000;
const BATCH = 100;
const WARM_UP = 300;
const PAYMENT_ID = '6931f0a2addea901a6014777';
const PAYMENT = JSON.stringify({
  id: PAYMENT_ID,
  accountNumber: '1000200030',
  createdAt: '2025-12-05T21:58:58.111Z',
  updatedAt: '2025-12-05T22:01:12.000Z',
  currency: 'CLP',
  externalId: 'invoice-1001',
  identityId: '679c482ee4420cb5b0966c9a',
  status: 'COMPLETED',
  totalAmount: '49990',
  type: 'PURCHASE',
});

export const clientOverhead = {
  id: 'clientOverhead',
  name: 'Client overhead vs plain openapi-fetch',
  unit: '×',
  target: 1.1,
  async measure() {
    const { createConomyClient, API_VERSION, DEFAULT_USER_AGENT } = await importBuiltClient();
    const server = createServer((request, response) => {
      const found = request.method === 'GET' && request.url === `/payments/${PAYMENT_ID}`;
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      response.end(found ? PAYMENT : '{"status":404,"code":"31","type":"notFound"}');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${server.address().port}`;
      const headers = {
        'x-api-key': 'bench-api-key',
        authorization: 'Bearer bench-token',
        'user-agent': DEFAULT_USER_AGENT,
        'conomyhq-api-version': API_VERSION,
      };
      const client = createConomyClient({ apiKey: 'bench-api-key', accessToken: 'bench-token', baseUrl, logLevel: 'off' });
      // Plain openapi-fetch with the same headers: the floor the client is built on, for context.
      const plain = createClient({ baseUrl, headers });
      const variants = [
        { name: 'raw fetch', call: async () => (await fetch(`${baseUrl}/payments/${PAYMENT_ID}`, { headers })).json() },
        {
          name: 'openapi-fetch',
          call: async () => (await plain.GET('/payments/{paymentId}', { params: { path: { paymentId: PAYMENT_ID } } })).data,
        },
        {
          name: 'client',
          call: async () => (await client.GET('/payments/{paymentId}', { params: { path: { paymentId: PAYMENT_ID } } })).data,
        },
      ];
      for (const { name, call } of variants) {
        const payment = await call();
        if (payment?.id !== PAYMENT_ID) throw new Error(`${name}: unexpected answer ${JSON.stringify(payment)}`);
        await sequential(call, WARM_UP, []);
      }
      const times = variants.map(() => []);
      for (let batch = 0; batch < REQUESTS / BATCH; batch += 1) {
        // Rotate which variant goes first, so none always runs right after the same neighbour.
        for (let step = 0; step < variants.length; step += 1) {
          const index = (batch + step) % variants.length;
          await sequential(variants[index].call, BATCH, times[index]);
        }
      }
      const [rawMedian, plainMedian, clientMedian] = times.map(median);
      const µs = (ms) => Math.round(ms * 1000);
      return {
        value: Math.round((clientMedian / plainMedian) * 1000) / 1000,
        details: {
          summary:
            `median ${µs(clientMedian)} µs via the client vs ${µs(plainMedian)} µs via plain openapi-fetch, ` +
            `+${µs(clientMedian - plainMedian)} µs per request (${REQUESTS} GETs each); ` +
            `raw fetch ${µs(rawMedian)} µs (client ${(clientMedian / rawMedian).toFixed(3)} × raw fetch)`,
          requestsEach: REQUESTS,
          openapiFetchMedianUs: µs(plainMedian),
          clientMedianUs: µs(clientMedian),
          addedPerRequestUs: µs(clientMedian - plainMedian),
          rawFetchMedianUs: µs(rawMedian),
          rawFetchRatio: Math.round((clientMedian / rawMedian) * 1000) / 1000,
          openapiFetchP90Us: µs(percentile(times[1], 0.9)),
          clientP90Us: µs(percentile(times[2], 0.9)),
        },
      };
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  },
};

async function importBuiltClient() {
  const entry = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/index.js');
  try {
    return await import(pathToFileURL(entry).href);
  } catch (error) {
    throw new Error(`cannot load the built client ${entry} (run \`npm run build\`): ${error.message}`);
  }
}

async function sequential(call, count, times) {
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
}

function median(values) {
  return percentile(values, 0.5);
}

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) * fraction;
  const below = sorted[Math.floor(middle)];
  const above = sorted[Math.ceil(middle)];
  return below + (above - below) * (middle - Math.floor(middle));
}
