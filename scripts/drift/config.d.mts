// Types of config.mjs for the TypeScript side of the contract suite.

export declare const DEFAULT_SANDBOX_URL: string;
/** A drift run sends at most this many requests in all (preflight and cleanup included)... */
export declare const REQUEST_BUDGET: number;
/** ...and at most this many at the same time. */
export declare const MAX_IN_FLIGHT: number;
export declare const TOOL: string;
export declare const DRIFT_USER_AGENT: string;

export interface SandboxConfig {
  /** Without a trailing slash, e.g. https://api.conomyhq.com/sandbox. */
  baseUrl: string;
  apiKey: string;
  /** Either accessToken, or clientId and clientSecret. */
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  identityId: string;
  accountNumber: string;
  currency: string;
  /** DRIFT_MAX_REQUESTS, a positive integer capped at REQUEST_BUDGET (the default). */
  maxRequests: number;
}

export declare function readSandboxConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: SandboxConfig } | { ok: false; problems: string[] };

export declare function sandboxConfigOrThrow(env: Record<string, string | undefined>): SandboxConfig;

export declare function secretValues(env: Record<string, string | undefined>): string[];

export declare function randomSuffix(): string;
