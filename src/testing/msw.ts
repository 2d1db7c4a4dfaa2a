// @conomy/checkout-contract/testing/msw: the mock as MSW 2 request handlers, for projects whose
// tests (vitest, jest), browser or Storybook already intercept fetch with MSW. It is an entry of its
// own so that the testing entry never imports msw: msw is an optional peer dependency, left as an
// import in the bundle, and only those who import this entry need it installed.
import { http, type HttpHandler } from 'msw';
import { ENVIRONMENTS } from '../core/options.js';
import { baseUrlProblem } from '../internal/base-url.js';
import type { ConomyMock } from './types.js';

export interface ConomyHandlersOptions {
  /**
   * Where the code under test sends Conomy's requests, as given to `createConomyClient`'s `baseUrl`.
   * Default: the sandbox, `ENVIRONMENTS.sandbox`.
   */
  baseUrl?: string;
}

/**
 * MSW handlers that hand every request under `baseUrl`, whatever its method and path, to the mock,
 * which answers it as Conomy would (a path that is no operation of the contract gets its 404). A
 * request anywhere else is not handled: MSW passes it to your other handlers, then to its
 * `onUnhandledRequest`.
 *
 * ```ts
 * const server = setupServer(...conomyHandlers(mock));
 * ```
 */
export function conomyHandlers(mock: Pick<ConomyMock, 'fetch'>, options: ConomyHandlersOptions = {}): HttpHandler[] {
  // The client's rule for a base URL, and its messages; the value is never repeated (a token pasted there must not show).
  const text = options.baseUrl ?? ENVIRONMENTS.sandbox;
  if (!URL.canParse(text)) throw new TypeError('conomyHandlers: baseUrl is not a valid URL');
  const base = new URL(text);
  const problem = baseUrlProblem(base);
  if (problem) throw new TypeError(`conomyHandlers: baseUrl ${problem}`);
  // MSW matches the path only (a query never decides), and `/*` every path below the base one.
  const under = `${base.origin}${base.pathname.replace(/\/+$/, '')}/*`;
  return [http.all(under, ({ request }) => mock.fetch(request))];
}
