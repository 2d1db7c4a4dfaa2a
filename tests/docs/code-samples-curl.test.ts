// Every curl sample of the reference (lib/docs/code-samples.mjs), run unchanged with bash against the
// Prism mock of openapi.yaml, gets a status the operation documents as 2xx and an answer Prism finds
// no violation in. Prism refuses a request without the credentials its security asks for and, with
// --errors, any request the spec does not allow, so this checks headers, path and body together.
// Only the sandbox base URL is swapped for the mock's. The webhook's sample goes to your receiver
// instead: code-samples.test.ts runs it against the webhook's TypeScript sample.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_VARIABLES } from '../../lib/docs/code-samples.mjs';
import { startPrism, type PrismServer } from '../contract/support/prism.js';
import { documentedSuccess, loadSamples, repoRoot, runCurl, spec, type OperationSamples } from './samples.js';

// Stand-ins of the right shape; Prism checks that credentials are sent, not what they are.
const CREDENTIALS = Object.fromEntries(Object.values(CREDENTIAL_VARIABLES).map((name) => [name, `sample-${name.toLowerCase()}`]));

describe('curl samples against the Prism mock', { timeout: 60_000 }, () => {
  let prism: PrismServer;
  let samples: Map<string, OperationSamples>;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'docs-curl-'));
    [prism, samples] = await Promise.all([startPrism({ specPath: join(repoRoot, 'openapi.yaml') }), loadSamples()]);
  }, 60_000);

  afterAll(async () => {
    await prism?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('each gets a documented 2xx, sent to the sandbox URL with the mock in its place', async () => {
    const sandbox = spec.servers[0].url as string;
    const operations = [...samples].filter(([, { section }]) => section === 'paths');
    expect(operations.length).toBeGreaterThan(0);
    for (const [operationId, { operation, curl }] of operations) {
      expect(curl, operationId).toContain(`"${sandbox}/`);
      const answer = await runCurl(curl.replaceAll(`"${sandbox}/`, `"${prism.baseUrl}/`), CREDENTIALS, work);
      expect({ operationId, status: answer.status, body: answer.body.slice(0, 300) }).toEqual({
        operationId,
        status: expect.toSatisfy((status: number) => documentedSuccess(operation).includes(status)),
        body: expect.any(String),
      });
      expect(answer.headers, `${operationId}: Prism found violations`).not.toMatch(/^sl-violations:/im);
    }
  });
});
