import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';

// Type-level view of the client. The runtime is plain openapi-fetch; everything here only reshapes
// its declared types, so they stay exactly as honest as the runtime behaviour described beside them.

/**
 * The spec's paths as the client sees them. Every operation declares the `User-Agent` and
 * `conomyhq-api-version` header parameters, but the client sends both itself, so callers may
 * override them and are never required to pass them.
 */
export type ClientPaths = {
  [Path in keyof paths]: { [Method in keyof paths[Path]]: WithOptionalHeaders<paths[Path][Method]> };
};

type WithOptionalHeaders<Operation> = Operation extends { parameters: { header?: infer Header } }
  ? Omit<Operation, 'parameters'> & {
      parameters: Omit<Operation['parameters'], 'header'> & { header?: Partial<NonNullable<Header>> };
    }
  : Operation;

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

// openapi-fetch keeps its InitParam helper private; this is the same rule: the options argument is
// required exactly when the operation has a required parameter or body.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitArgs<Init> = RequiredKeys<Init> extends never
  ? [(Init & { [key: string]: unknown })?]
  : [Init & { [key: string]: unknown }];

/**
 * What a call resolves to when errors are thrown: only the success member of openapi-fetch's
 * `{ data, error, response }` union. Any non-2xx has already been thrown as a ConomyApiError, and a
 * 2xx other than 204 whose body is not JSON as a ConomyInvalidResponseError, so `data` is present.
 */
export type SuccessResult<Result> = Result extends { error?: never; data: infer Data }
  ? { data: Data; response: Response }
  : never;

// Extract<> only restates what openapi-fetch's own generic constraints imply (an operation object),
// which TypeScript cannot see through the optional `put?: never` members of a concrete paths type.
type ClientResponse<Path extends keyof ClientPaths, Method extends HttpMethod, Init> = FetchResponse<
  Extract<ClientPaths[Path][Method & keyof ClientPaths[Path]], Record<string | number, any>>,
  Init,
  `${string}/${string}`
>;

type ThrowingMethod<Method extends HttpMethod> = <
  Path extends ClientPathsWithMethod<Client<ClientPaths>, Method>,
  Init extends MaybeOptionalInit<ClientPaths[Path], Method>,
>(
  url: Path,
  ...init: InitArgs<Init>
) => Promise<SuccessResult<ClientResponse<Path, Method, Init>>>;

/** openapi-fetch's Client with every call narrowed to its success result (`throwOnError: true`). */
export type ThrowingClient = {
  [Method in HttpMethod as Uppercase<Method>]: ThrowingMethod<Method>;
} & {
  request<
    Method extends HttpMethod,
    Path extends ClientPathsWithMethod<Client<ClientPaths>, Method>,
    Init extends MaybeOptionalInit<ClientPaths[Path], Method>,
  >(
    method: Method,
    url: Path,
    ...init: InitArgs<Init>
  ): Promise<SuccessResult<ClientResponse<Path, Method, Init>>>;
} & Pick<Client<ClientPaths>, 'use' | 'eject'>;

/** The list operations `paginate()` can walk. */
export type PaginatedPath = '/payment-links' | '/checkout-sessions' | '/payments';

/** One item of a list operation's `results`. */
export type ListItem<Path extends PaginatedPath> =
  paths[Path]['get']['responses'][200]['content']['application/json']['results'][number];

/** The options `paginate()` accepts: those of the list call itself. */
export type PaginateInit<Path extends PaginatedPath> = NonNullable<MaybeOptionalInit<ClientPaths[Path], 'get'>>;
