// The safety net after the contract cases: a case that broke off half-way may leave a payment
// link or checkout session behind. This deletes exactly those: resources the run's own create
// calls answered with, whose checkoutToken carries the run's prefix, and that the run never tried
// to delete (a delete the API refused, such as an ACTIVE link's, is not repeated). Nothing is
// listed, nothing else is touched; every request goes through the run's transport and counts
// against its budget, of which the cases kept back one request per resource they created.
import type { DriftTransport } from './transport.js';
import { fillTemplate } from '../../lib/spec/index.mjs';
import { deletionOf } from '../contract/spec/resources.js';
import type { CaseRecord, CreatedResource } from './records.js';

export interface CleanupOutcome extends CreatedResource {
  outcome: string;
}

/** Resources the run created and never tried to delete, sessions first (a link may need its sessions gone). */
export function leftovers(records: readonly CaseRecord[], prefix: string): CreatedResource[] {
  const exchanges = records.flatMap((record) => record.exchanges);
  // A delete the server decided on (done, gone, refused for the resource's state) is not repeated;
  // one it did not get to (429, a 5xx) is.
  const decided = exchanges.filter((exchange) => exchange.status !== 429 && exchange.status < 500);
  const attempted = new Set(decided.map((exchange) => `${exchange.operationId} ${lastSegment(exchange.url)}`));
  const created = new Map<string, CreatedResource>();
  for (const { created: resource } of exchanges) {
    if (resource?.checkoutToken.startsWith(prefix)) created.set(`${resource.kind} ${resource.id}`, resource);
  }
  return [...created.values()]
    .filter((resource) => !attempted.has(`${deletionOf(resource.kind, resource.id).operationId} ${resource.id}`))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'checkout-session' ? -1 : 1));
}

/** Deletes the leftovers one at a time; what the budget does not allow is left in place and said so. */
export async function cleanUp(
  resources: readonly CreatedResource[],
  options: { headers: Record<string, string>; transport: DriftTransport },
): Promise<CleanupOutcome[]> {
  const outcomes: CleanupOutcome[] = [];
  for (const resource of resources) {
    outcomes.push({ ...resource, outcome: await deleteOne(resource, options) });
  }
  return outcomes;
}

async function deleteOne(resource: CreatedResource, options: Parameters<typeof cleanUp>[1]): Promise<string> {
  const { headers, transport } = options;
  if (transport.requests().sent >= transport.maxRequests) return 'left in place: the request budget is used up';
  const { path, pathParams } = deletionOf(resource.kind, resource.id);
  const request = new Request(`${transport.baseUrl}${fillTemplate(path, pathParams)}`, { method: 'DELETE', headers });
  try {
    const response = await transport.send(request, { attemptTimeoutMs: 15_000 });
    await response.body?.cancel();
    const gone = (response.status >= 200 && response.status < 300) || response.status === 404;
    return gone ? `deleted (${response.status})` : `left in place: DELETE answered ${response.status}`;
  } catch (error) {
    return `left in place: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function lastSegment(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
}
