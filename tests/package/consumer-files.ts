// The throwaway consumer project of consumer.test.ts: what someone who installed the tarball writes.
// The runtime scripts are plain JavaScript (one ESM, one CommonJS); the typed files are only
// type-checked, with the consumer's own tsconfig (module nodenext, no @types/node).

/** The payment the test server returns for GET /payments/{id}. */
export const PAYMENT = {
  id: '6931f0a2addea901a6014777',
  accountNumber: '1000200030',
  createdAt: '2025-12-05T21:58:58.111Z',
  updatedAt: '2025-12-05T22:01:12.000Z',
  currency: 'CLP',
  externalId: 'invoice-1001',
  identityId: '679c482ee4420cb5b0966c9a',
  status: 'COMPLETED',
  totalAmount: '49990',
  type: 'PURCHASE',
};

const PACKAGE = '@conomy/checkout-contract';

/** The same steps from ESM and CommonJS; prints one JSON line for the test to check. */
const RUNTIME_BODY = `
async function main() {
  const client = createConomyClient({
    apiKey: 'consumer-api-key',
    accessToken: 'consumer-token',
    baseUrl: process.env.CONOMY_BASE_URL,
    maxRetries: 0,
    logLevel: 'off',
  });
  const { data } = await client.GET('/payments/{paymentId}', { params: { path: { paymentId: '${PAYMENT.id}' } } });
  let missing = 'no error thrown';
  try {
    await client.GET('/payments/{paymentId}', { params: { path: { paymentId: 'does-not-exist' } } });
  } catch (error) {
    missing = { name: error.name, isNotFoundError: error instanceof NotFoundError, status: error.status, code: error.code };
  }
  const specJson = resolveExport('${PACKAGE}/openapi.json');
  const specYaml = resolveExport('${PACKAGE}/openapi.yaml');
  const spec = JSON.parse(readFileSync(specJson, 'utf8'));
  const methods = ['get', 'put', 'post', 'delete', 'patch'];
  const operationCount = Object.values(spec.paths).flatMap((item) => Object.keys(item).filter((key) => methods.includes(key))).length;
  const payment = { id: data.id, totalAmount: data.totalAmount, status: data.status };
  console.log(JSON.stringify({ apiVersion: API_VERSION, payment, missing, specJson, specYaml, operationCount }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** Type-checked as ESM (.ts in a "type": "module" project) and as CommonJS (.cts). */
const TYPED = `import { API_VERSION, createConomyClient, NotFoundError, type CheckoutSession, type Payment } from '${PACKAGE}';

const client = createConomyClient({ apiKey: 'apikey-test-0001', accessToken: 'token-test-0001', baseUrl: 'http://127.0.0.1:8080' });

export const pinned: '24-04-2025' = API_VERSION;

export async function fetchPayment(paymentId: string): Promise<Payment> {
  const { data } = await client.GET('/payments/{paymentId}', { params: { path: { paymentId } } });
  return data;
}

export async function sessionStatus(checkoutSessionId: string): Promise<CheckoutSession['status']> {
  const { data } = await client.GET('/checkout-sessions/{checkoutSessionId}', { params: { path: { checkoutSessionId } } });
  return data.status;
}

export function notFoundStatus(error: unknown): number | undefined {
  return error instanceof NotFoundError ? error.status : undefined;
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error not a payment link body: totalAmount is no field of it, currency, items, owner... are missing
  await client.POST('/payment-links', { body: { checkoutToken: 'invoice-1', totalAmount: 49990 } });
  // @ts-expect-error the path parameter is required
  await client.GET('/payments/{paymentId}', {});
}
`;

export const CONSUMER_FILES: Record<string, string> = {
  'package.json': `${JSON.stringify({ name: 'conomy-consumer', private: true, type: 'module' }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: [],
        strict: true,
        noEmit: true,
      },
      files: ['esm-types.ts', 'cjs-types.cts'],
    },
    null,
    2,
  )}\n`,
  'esm.mjs': `import { API_VERSION, createConomyClient, NotFoundError } from '${PACKAGE}';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const resolveExport = (specifier) => fileURLToPath(import.meta.resolve(specifier));
${RUNTIME_BODY}`,
  'cjs.cjs': `const { API_VERSION, createConomyClient, NotFoundError } = require('${PACKAGE}');
const { readFileSync } = require('node:fs');

const resolveExport = (specifier) => require.resolve(specifier);
${RUNTIME_BODY}`,
  'esm-types.ts': TYPED,
  'cjs-types.cts': TYPED,
  // The package loaded both ways in one process, as an app and one of its dependencies may: an
  // error thrown by either build must be instanceof the classes of the other.
  'dual.mjs': `import { createRequire } from 'node:module';
import * as esm from '${PACKAGE}';

const cjs = createRequire(import.meta.url)('${PACKAGE}');
const failing = (kit) =>
  kit.createConomyClient({
    apiKey: 'consumer-api-key',
    accessToken: 'consumer-token',
    baseUrl: process.env.CONOMY_BASE_URL,
    logLevel: 'off',
  }).GET('/payments/{paymentId}', { params: { path: { paymentId: 'does-not-exist' } } }).catch((error) => error);
const fromEsm = await failing(esm);
const fromCjs = await failing(cjs);
const checks = (error, kit) => ({
  notFound: error instanceof kit.NotFoundError,
  api: error instanceof kit.ConomyApiError,
  base: error instanceof kit.ConomyError,
  error: error instanceof Error,
  notAConflict: !(error instanceof kit.ConflictError),
  notAConnectionError: !(error instanceof kit.ConomyConnectionError),
});
console.log(JSON.stringify({
  twoCopies: esm.NotFoundError !== cjs.NotFoundError,
  esmErrorInCjs: checks(fromEsm, cjs),
  cjsErrorInEsm: checks(fromCjs, esm),
  name: fromCjs.name,
}));
`,
};
