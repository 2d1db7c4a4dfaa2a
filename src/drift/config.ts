// The configuration of a drift run, read once from the environment and the command line into one
// typed object (or the list of what is wrong with it). Every problem is one line that names the
// variable and says what is wrong; no line ever shows a secret value. Files are resolved against
// the working directory: the repository that runs the check, this one or an integrator's.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_NAME } from '../../lib/package-files.mjs';
import { ENVIRONMENTS, VERSION } from '../index.js';
import { baseUrlProblem } from '../internal/base-url.js';
import { CREDENTIAL_VARIABLES, credentialLengthProblem } from '../internal/secrets.js';
import { HISTORY_FILE } from './report/files.js';

export const DEFAULT_SANDBOX_URL = ENVIRONMENTS.sandbox;

/** `<package name>@<version>`, as the reports name the tool. */
export const TOOL = `${PACKAGE_NAME}@${VERSION}`;

/** The User-Agent of every request a drift run sends, so Conomy can tell them apart. */
export const DRIFT_USER_AGENT = `conomy-contract-drift/${VERSION}`;

/** A drift run sends at most this many requests in all (preflight, 429 repeats and cleanup included)... */
export const REQUEST_BUDGET = 100;
/** ...and at most this many at the same time. */
export const MAX_IN_FLIGHT = 2;

/** The holder named when the run has to create with a whole account (see paymentLinkBody). */
export const DEFAULT_ACCOUNT_HOLDER = 'Conomy drift check';

/** DRIFT_FAIL_ON: the least severity that fails the run (exit 1). */
export const FAIL_ON = ['breaking', 'warning'] as const;
export type FailOn = (typeof FAIL_ON)[number];

const CONOMY_HOST = new URL(ENVIRONMENTS.production).hostname;
const CURRENCY = /^[A-Z]{3,4}$/;
/**
 * The ports fetch refuses to connect to ("bad ports" of the Fetch standard, which Node's fetch
 * applies): a base URL on one of them could never be reached, so it is refused up front.
 */
const FETCH_BLOCKED_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export type DriftCredentials = { accessToken: string } | { clientId: string; clientSecret: string };

export interface DriftConfig {
  /** Without a trailing slash, e.g. https://api.conomyhq.com/sandbox. */
  baseUrl: string;
  apiKey: string;
  credentials: DriftCredentials;
  identityId: string;
  accountNumber: string;
  /** CONOMY_ACCOUNT_HOLDER, for a destination of the reference shape (default DEFAULT_ACCOUNT_HOLDER). */
  accountHolder: string;
  currency: string;
  /** DRIFT_MAX_REQUESTS, a positive integer capped at REQUEST_BUDGET (the default). */
  maxRequests: number;
  failOn: FailOn;
  /** Absolute; DRIFT_REPORTS_DIR resolved against the working directory (default reports/). */
  reportsDir: string;
  /** Absolute; DRIFT_BASELINE (default drift-baseline.json in the working directory). */
  baselineFile: string;
  /** Absolute; DRIFT_HISTORY, the file each run appends a line to (default drift-history.jsonl in the reports directory). */
  historyFile: string;
}

/** Where a run reads and writes its files, also when the rest of its configuration is unusable. */
export type DriftFiles = Pick<DriftConfig, 'reportsDir' | 'baselineFile' | 'historyFile'>;

/** A configuration that cannot be used: what is wrong, and what a report of that can still say. */
export interface ConfigRefused {
  ok: false;
  /** `config-missing` when a required variable is not set, else `config-invalid`. */
  code: 'config-missing' | 'config-invalid';
  problems: string[];
  /** What can be shown of the base URL (never its credentials), the fail-on and budget in force. */
  baseUrl: string;
  failOn: FailOn;
  maxRequests: number;
}

/**
 * The configuration, or what is wrong with it; either way where the run's files are and every
 * credential value that was set, to mask in everything written or printed.
 */
export type ConfigResult = ({ ok: true; config: DriftConfig } | ConfigRefused) & { files: DriftFiles; secrets: string[] };

/** What the command line may override: `--fail-on` wins over DRIFT_FAIL_ON. */
export interface ConfigFlags {
  failOn?: string;
}

export function driftFiles(env: Record<string, string | undefined>): DriftFiles {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const reportsDir = resolve(value('DRIFT_REPORTS_DIR') ?? 'reports');
  return {
    reportsDir,
    baselineFile: resolve(value('DRIFT_BASELINE') ?? 'drift-baseline.json'),
    historyFile: resolve(value('DRIFT_HISTORY') ?? join(reportsDir, HISTORY_FILE)),
  };
}

export function readDriftConfig(env: Record<string, string | undefined>, flags: ConfigFlags = {}): ConfigResult {
  const problems: string[] = [];
  let missing = false;
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const required = (name: string, what: string): string => {
    const found = value(name);
    if (!found) {
      missing = true;
      problems.push(`${name} is not set: ${what}`);
    }
    return found ?? '';
  };
  /** A credential: set, and long enough to be masked in everything the run writes (secrets.js). */
  const credential = (name: string, what: string): string => {
    const found = required(name, what);
    const problem = found ? credentialLengthProblem(found) : undefined;
    if (problem) problems.push(`${name} ${problem}`);
    return found;
  };

  /** A credential sent in a header: only visible ASCII can travel there. */
  const headerCredential = (name: string, what: string): string => {
    const found = credential(name, what);
    if (found && !/^[\x21-\x7e]+$/.test(found)) problems.push(`${name} contains characters an HTTP header cannot carry (only visible ASCII)`);
    return found;
  };

  const baseUrl = checkBaseUrl(value('CONOMY_BASE_URL') ?? DEFAULT_SANDBOX_URL, problems);
  const apiKey = headerCredential('CONOMY_API_KEY', 'the API key (x-api-key) of your Conomy sandbox application');
  let credentials: DriftCredentials;
  if (value('CONOMY_ACCESS_TOKEN')) {
    credentials = { accessToken: headerCredential('CONOMY_ACCESS_TOKEN', 'a bearer token') };
  } else {
    const instead = 'or set CONOMY_ACCESS_TOKEN instead';
    const clientId = credential('CONOMY_CLIENT_ID', `the client id of your sandbox application (${instead})`);
    const clientSecret = credential('CONOMY_CLIENT_SECRET', `the client secret of your sandbox application (${instead})`);
    credentials = { clientId, clientSecret };
  }
  const identityId = required('CONOMY_IDENTITY_ID', 'the merchant identity that owns the payment links the run creates');
  const accountNumber = required('CONOMY_ACCOUNT_NUMBER', 'the merchant account that receives the payments of those links');
  const accountHolder = value('CONOMY_ACCOUNT_HOLDER') ?? DEFAULT_ACCOUNT_HOLDER;
  const currency = value('CONOMY_CURRENCY') ?? 'CLP';
  if (!CURRENCY.test(currency)) problems.push(`CONOMY_CURRENCY must be 3 or 4 capital letters, such as CLP; got "${currency}"`);
  const maxRequests = requestBudget(value('DRIFT_MAX_REQUESTS'), problems);
  const failOn = failOnOf(flags.failOn?.trim() || value('DRIFT_FAIL_ON'), problems);
  const files = driftFiles(env);
  for (const [name, file] of [['DRIFT_BASELINE', files.baselineFile], ['DRIFT_HISTORY', files.historyFile]] as const) {
    if (existsSync(file) && statSync(file).isDirectory()) problems.push(`${name} names a directory (${file}); give the path of a file`);
  }
  const reportsProblem = directoryProblem(files.reportsDir);
  if (reportsProblem) problems.push(`DRIFT_REPORTS_DIR (${files.reportsDir}) ${reportsProblem}`);
  const secrets = secretsInEnvironment(env);

  if (problems.length > 0) {
    const code = missing ? ('config-missing' as const) : ('config-invalid' as const);
    return { ok: false, code, problems, baseUrl: displayUrl(value('CONOMY_BASE_URL')), failOn, maxRequests, files, secrets };
  }
  const config = { baseUrl, apiKey, credentials, identityId, accountNumber, accountHolder, currency, maxRequests, failOn, ...files };
  return { ok: true, config, files, secrets };
}

/**
 * Why the reports cannot be written into `dir`, found before any request is sent, so that a run
 * never does its work and then loses it: a file in its place, or no right to create or write it.
 */
function directoryProblem(dir: string): string | undefined {
  let existing = dir;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) return existing === dir ? 'is a file, not a directory' : `cannot be created: ${existing} is a file`;
  try {
    accessSync(existing, constants.W_OK);
    return undefined;
  } catch {
    return existing === dir ? 'cannot be written (no permission)' : `cannot be created: ${existing} cannot be written (no permission)`;
  }
}

/** The credential values in an environment, whatever else is wrong with it: all of them are masked. */
function secretsInEnvironment(env: Record<string, string | undefined>): string[] {
  return CREDENTIAL_VARIABLES.map((name) => env[name]?.trim() ?? '').filter((secret) => secret !== '');
}

/** A base URL that was refused, without anything that could be a credential. */
function displayUrl(text: string | undefined): string {
  if (!text) return DEFAULT_SANDBOX_URL;
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return '(not a valid URL)';
  }
}

/**
 * DRIFT_MAX_REQUESTS may lower the request budget, never raise it: a larger number is capped at
 * REQUEST_BUDGET.
 */
function requestBudget(text: string | undefined, problems: string[]): number {
  if (text === undefined) return REQUEST_BUDGET;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    problems.push(`DRIFT_MAX_REQUESTS must be a positive integer (at most ${REQUEST_BUDGET} are sent); got "${text}"`);
    return REQUEST_BUDGET;
  }
  return Math.min(Number(text), REQUEST_BUDGET);
}

/** What is wrong with a DRIFT_FAIL_ON or --fail-on value, else undefined. */
export function failOnProblem(text: string): string | undefined {
  return (FAIL_ON as readonly string[]).includes(text) ? undefined : `DRIFT_FAIL_ON (or --fail-on) must be one of ${FAIL_ON.join(', ')}; got "${text}"`;
}

function failOnOf(text: string | undefined, problems: string[]): FailOn {
  if (text === undefined) return 'breaking';
  const problem = failOnProblem(text);
  if (problem === undefined) return text as FailOn;
  problems.push(problem);
  return 'breaking';
}

function checkBaseUrl(text: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`CONOMY_BASE_URL is not a valid URL: ${whyNotAUrl(text)} (default ${DEFAULT_SANDBOX_URL})`);
    return text;
  }
  // The client's rule (src/internal/base-url.ts), then what only a drift run refuses.
  const problem = baseUrlProblem(url);
  if (problem) {
    problems.push(`CONOMY_BASE_URL ${problem}`);
  } else if (FETCH_BLOCKED_PORTS.has(Number(url.port))) {
    problems.push(`CONOMY_BASE_URL uses port ${url.port}, which fetch refuses to connect to (a blocked port of the Fetch standard); use another port`);
  } else if (url.hostname.replace(/\.$/, '') === CONOMY_HOST && url.pathname.split('/')[1] !== 'sandbox') {
    problems.push(
      `CONOMY_BASE_URL points at Conomy production (${url.origin}${url.pathname}); ` +
        `the drift check only runs against the sandbox, ${DEFAULT_SANDBOX_URL}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** What is wrong with a text that `new URL` refuses, in words (the URL parser only says "Invalid URL"). */
function whyNotAUrl(text: string): string {
  if (/\s/.test(text)) return 'it contains white space';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'it does not start with a scheme such as https://';
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?(?:\[[^\]]*\]|[^/:]*):([^/]*)/i.exec(text)?.[1];
  if (port !== undefined && !/^\d*$/.test(port)) return `its port "${port}" is not a number`;
  if (port !== undefined && Number(port) > 65535) return `its port ${port} is above 65535`;
  return 'its host cannot be parsed';
}
