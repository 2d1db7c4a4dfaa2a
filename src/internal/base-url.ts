// The rule for a base URL credentials may be sent to, shared by the client (its baseUrl option) and
// the drift run (CONOMY_BASE_URL), which each put their own name in front of the problem; and the
// fence both keep around it.

/** Hosts plain http is allowed on: a local mock or test server. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** What makes `url` unfit as a base URL, in words that follow its name, or undefined when it is fit. */
export function baseUrlProblem(url: URL): string | undefined {
  // Credentials travel in headers: plain http would expose them to anyone on the network path.
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return `must use https; plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost), got ${url.host}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must be an https URL, got ${url.protocol}`;
  if (url.username || url.password || url.search || url.hash) return 'must not contain credentials, a query or a fragment';
  return undefined;
}

/** Whether `url` is the base URL or under it: where credentials may be sent. */
export function isUnderBaseUrl(url: string, baseUrl: string): boolean {
  return url.startsWith(`${baseUrl}/`) || url === baseUrl;
}
