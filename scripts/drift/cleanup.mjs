// The safety net after the contract cases: a case that crashed half-way may leave a payment
// link or checkout session behind. This deletes exactly those: resources the run's own create
// calls answered with (logged by the sandbox transport), whose checkoutToken carries the run's
// prefix, and that the run never tried to delete (a delete the API refused, such as an ACTIVE
// link's, is not repeated). Nothing is listed, nothing else is touched.

const DELETE_PATHS = { 'checkout-session': 'checkout-sessions', 'payment-link': 'payment-links' };
const DELETE_OPERATIONS = { 'checkout-session': 'deleteCheckoutSession', 'payment-link': 'deletePaymentLink' };

/** Resources the run created and never tried to delete, sessions first (a link may need its sessions gone). */
export function leftovers(exchanges, prefix) {
  const created = exchanges
    .map((exchange) => exchange.created)
    .filter((resource) => typeof resource?.checkoutToken === 'string' && resource.checkoutToken.startsWith(prefix));
  const deleted = new Set(
    exchanges
      .filter((exchange) => exchange.sent && Object.values(DELETE_OPERATIONS).includes(exchange.operationId))
      .map((exchange) => `${exchange.operationId} ${lastSegment(exchange.url)}`),
  );
  const unique = new Map(created.map((resource) => [`${resource.kind} ${resource.id}`, resource]));
  return [...unique.values()]
    .filter((resource) => !deleted.has(`${DELETE_OPERATIONS[resource.kind]} ${resource.id}`))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'checkout-session' ? -1 : 1));
}

/**
 * Deletes the leftovers, one at a time, within the requests the run has left.
 * @returns {Promise<{ outcomes: { kind: string, id: string, checkoutToken: string, outcome: string }[], requests: number }>}
 */
export async function cleanUp(resources, { baseUrl, headers, requestsLeft, fetch = globalThis.fetch }) {
  const outcomes = [];
  let left = requestsLeft;
  for (const resource of resources) {
    const entry = { kind: resource.kind, id: resource.id, checkoutToken: resource.checkoutToken };
    if (left <= 0) {
      outcomes.push({ ...entry, outcome: 'left in place: the request budget is used up' });
      continue;
    }
    left -= 1;
    const url = `${baseUrl}/${DELETE_PATHS[resource.kind]}/${encodeURIComponent(resource.id)}`;
    try {
      const signal = AbortSignal.timeout(15_000);
      const response = await fetch(url, { method: 'DELETE', headers, redirect: 'manual', signal });
      await response.arrayBuffer();
      const ok = (response.status >= 200 && response.status < 300) || response.status === 404;
      const outcome = ok ? `deleted (${response.status})` : `left in place: DELETE answered ${response.status}`;
      outcomes.push({ ...entry, outcome });
    } catch (error) {
      outcomes.push({ ...entry, outcome: `left in place: DELETE failed (${error?.cause?.code ?? error?.name ?? 'error'})` });
    }
  }
  return { outcomes, requests: requestsLeft - left };
}

function lastSegment(url) {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
}
