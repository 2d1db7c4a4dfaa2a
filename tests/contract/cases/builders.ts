// Builders for the common kinds of contract case. A case file lists, per operation, the
// statuses it covers; writing them out by hand is what makes the coverage gate meaningful.
import type { CaseContext, ContractCase } from '../support/cases.js';
import { exampleRequest } from '../support/example-request.js';
import { loadSpec } from '../support/spec.js';

/**
 * Mock only: for each status, the documented example request with `Prefer: code=<status>`,
 * so Prism answers with the documented example of that response, which must then pass
 * the validator (strict) and Prism's own response check.
 */
export function documentedResponses(operationId: string, statuses: readonly number[]): ContractCase[] {
  return statuses.map((status) => ({
    operationId,
    status,
    title: `the documented ${status} example`,
    targets: ['mock'],
    run: (context) => sendExample(context, operationId, { ...context.credentials, prefer: `code=${status}` }),
  }));
}

/** Any target: the documented example request without API key and bearer token must get 401. */
export function withoutCredentials(operationId: string): ContractCase {
  return {
    operationId,
    status: 401,
    title: 'without API key and bearer token',
    targets: ['mock', 'sandbox'],
    invalidRequest: true,
    run: (context) => sendExample(context, operationId, { 'user-agent': context.credentials['user-agent'] ?? 'contract-tests' }),
  };
}

async function sendExample(context: CaseContext, operationId: string, headers: Record<string, string>): Promise<void> {
  const request = exampleRequest(loadSpec(), operationId);
  const response = await context.fetch(`${context.baseUrl}${request.path}`, {
    method: request.method,
    headers: { ...request.headers, ...headers },
    body: request.body,
  });
  await response.arrayBuffer(); // release the connection; the runner already has a copy
}
