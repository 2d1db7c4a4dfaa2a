// What the mock's tests share: a client of the package on the mock's fetch whose every answer is
// judged against openapi.yaml in strict mode (no undocumented property), and a valid offer.
import { formatFinding } from '../../src/contract/judge/findings.js';
import { responseValidatorFor } from '../../src/contract/judge/validator.js';
import { loadSpec } from '../../src/contract/spec/contract-spec.js';
import { createConomyClient, type ConomyClientOptions, type ConomyCredentials, type CreatePaymentLinkBody } from '../../src/index.js';
import type { ConomyMock } from '../../src/testing/index.js';

export const spec = loadSpec();
const validator = responseValidatorFor(spec);

/** Any base URL works; this one has a base path, as the sandbox's has. */
export const BASE_URL = 'https://conomy.test/sandbox';
export const CREDENTIALS = { apiKey: 'apikey-mock-0001', clientId: 'client-mock-0001', clientSecret: 'secret-mock-0001' };

export interface JudgedAnswer {
  operationId: string | undefined;
  status: number;
  /** What the contract's validator says is wrong with the answer, one line each. */
  findings: string[];
}

/** The operation a request to BASE_URL calls. */
export function operationOf(request: Request): string | undefined {
  return spec.findOperation(request.method, new URL(request.url).pathname.slice(new URL(BASE_URL).pathname.length))?.operationId;
}

/** The credentials of a client, and whether it retries. */
type ClientOptions = ConomyCredentials & Pick<ConomyClientOptions, 'apiKey' | 'maxRetries'>;

/**
 * A client (throwing on errors, no retries, no log) whose fetch is the mock's, and every answer it
 * got, judged. `options` replaces the credentials and may add other client options.
 */
export function judgedClient(mock: ConomyMock, options: ClientOptions = CREDENTIALS) {
  const answers: JudgedAnswer[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const response = await mock.fetch(request);
    const operationId = operationOf(request);
    const bodyText = await response.clone().text();
    const findings = operationId
      ? validator.validateResponse({ operationId, status: response.status, headers: response.headers, bodyText }, { strict: true }).map(formatFinding)
      : [`${request.method} ${request.url} is no operation`];
    answers.push({ operationId, status: response.status, findings });
    return response;
  };
  const client = createConomyClient({ maxRetries: 0, logLevel: 'off', ...options, baseUrl: BASE_URL, fetch });
  return { client, answers };
}

/** A valid payment link or full-offer session body, as the README's example writes one. */
export function offer(checkoutToken: string, change: Partial<CreatePaymentLinkBody> = {}): CreatePaymentLinkBody {
  return {
    checkoutToken,
    currency: 'CLP',
    items: [{ description: 'Invoice 1001', preTaxAmount: '42000', totalAmount: '49980' }],
    owner: { identityId: '679c482ee4420cb5b0966c9a' },
    destinations: [
      {
        type: 'ACCOUNT',
        amount: '49980',
        account: { type: 'CHECKING', currency: 'CLP', accountNumber: '173854531105176050117', accountHolder: 'Comercial Andes SpA' },
      },
    ],
    paymentMethodsAllowed: ['ETPAY', 'WEBPAY'],
    duration: 86400,
    successUrl: 'https://shop.test/invoices/1001/success',
    ...change,
  };
}

/** What a call the client refused (or threw for) became: the error, for its class and fields. */
export async function refusal(call: Promise<unknown>): Promise<Error & { status?: number; code?: string; type?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as Error & { status?: number; code?: string; type?: string };
  }
  throw new Error('the call was not refused');
}
