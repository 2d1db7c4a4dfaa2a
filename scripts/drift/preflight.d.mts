// Types of preflight.mjs for the TypeScript side of the contract suite.
import type { SandboxConfig } from './config.d.mts';

export declare class PreflightError extends Error {}

export declare function preflight(
  config: SandboxConfig,
  options?: { fetch?: typeof fetch; timeoutMs?: number },
): Promise<{ accessToken: string; requests: number; check: string }>;
