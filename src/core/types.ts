import type { Client, ClientPathsWithMethod, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';

// Type-level view of the client. The runtime is plain openapi-fetch; everything here only reshapes
// its declared types, so they stay exactly as honest as the runtime behaviour described beside them.

/**
 * The spec's paths, as the client's calls take them. `User-Agent` and `conomyhq-api-version` are
 * not among their parameters: the client sends both itself (`headers` on a call overrides them),
 * and the spec describes them once, in its introduction (register D13, D24).
 */
export type ClientPaths = paths;

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

// openapi-fetch keeps its InitParam helper private; this is the same rule: the options argument is
// required exactly when the operation has a required parameter or body. On top, a key that is no
// option of the call (`parms`, `bodyy`) does not compile: it would be sent nowhere, silently.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type KnownKeysOnly<Init, Allowed> = Init & { [K in Exclude<keyof Init, keyof NonNullable<Allowed>>]: never };
type InitArgs<Init, Allowed> = RequiredKeys<Init> extends never ? [KnownKeysOnly<Init, Allowed>?] : [KnownKeysOnly<Init, Allowed>];

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

/** What a call resolves to: with `throwOnError` only the success result, else openapi-fetch's union. */
type CallResult<Throwing extends boolean, Path extends keyof ClientPaths, Method extends HttpMethod, Init> = Throwing extends true
  ? SuccessResult<ClientResponse<Path, Method, Init>>
  : ClientResponse<Path, Method, Init>;

type CallMethod<Method extends HttpMethod, Throwing extends boolean> = <
  Path extends ClientPathsWithMethod<Client<ClientPaths>, Method>,
  Init extends MaybeOptionalInit<ClientPaths[Path], Method>,
>(
  url: Path,
  ...init: InitArgs<Init, MaybeOptionalInit<ClientPaths[Path], Method>>
) => Promise<CallResult<Throwing, Path, Method, Init>>;

/** openapi-fetch's Client, with unknown option keys refused and, when Throwing, every call narrowed to its success result. */
type TypedClient<Throwing extends boolean> = {
  [Method in HttpMethod as Uppercase<Method>]: CallMethod<Method, Throwing>;
} & {
  request<
    Method extends HttpMethod,
    Path extends ClientPathsWithMethod<Client<ClientPaths>, Method>,
    Init extends MaybeOptionalInit<ClientPaths[Path], Method>,
  >(
    method: Method,
    url: Path,
    ...init: InitArgs<Init, MaybeOptionalInit<ClientPaths[Path], Method>>
  ): Promise<CallResult<Throwing, Path, Method, Init>>;
} & Pick<Client<ClientPaths>, 'use' | 'eject'>;

/** The client with `throwOnError: true` (the default): calls resolve to `{ data, response }`. */
export type ThrowingClient = TypedClient<true>;

/**
 * The client with `throwOnError: false`, or one whose setting is only known as a `boolean`: calls
 * resolve to openapi-fetch's `{ data, error, response }` union (with `true`, `error` just never comes).
 */
export type LenientClient = TypedClient<false>;

/** The list operations `paginate()` can walk: every GET whose 200 answer carries `results` and `pagination`. */
export type PaginatedPath = {
  [Path in keyof paths]: paths[Path] extends {
    get: { responses: { 200: { content: { 'application/json': { results: unknown[]; pagination: unknown } } } } };
  }
    ? Path
    : never;
}[keyof paths];

/** One item of a list operation's `results`. */
export type ListItem<Path extends PaginatedPath> =
  paths[Path]['get']['responses'][200]['content']['application/json']['results'][number];

/** The options `paginate()` accepts: those of the list call itself. */
export type PaginateInit<Path extends PaginatedPath> = NonNullable<MaybeOptionalInit<ClientPaths[Path], 'get'>>;
