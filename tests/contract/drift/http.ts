// Every request a drift run sends to the real server goes through here: the preflight, every
// call of every case (the typed client's own retries and token calls included) and the cleanup.
// It is where the run's safety limits hold:
// - one request budget for the whole run (REQUEST_BUDGET, lowered by DRIFT_MAX_REQUESTS); a
//   request beyond it is refused before anything is sent;
// - at most MAX_IN_FLIGHT requests at a time, only URLs under the base URL, no redirect followed;
// - a 429 is waited out and the request sent again, whatever its method: Conomy documents 429
//   tooManyRequests as a refusal that did nothing, and tells integrators to honour Retry-After.
//   Each repeat counts against the budget. 502, 503, 504 and connection errors are left to the
//   client's own rules, which never replay a creating POST.
import { parseRetryAfterMs, sleep } from '../../../src/internal/retry.js';
import { isUnderBaseUrl } from '../../../src/internal/base-url.js';

/** How many requests a run may still send; shared by everything that sends one. */
export interface RequestBudget {
  readonly max: number;
  sent: number;
  /** 429 answers that were waited out and repeated. */
  rateLimited: number;
  /**
   * Deletes owed for what the run created and has not tried to delete yet. Only a DELETE may use
   * this part of the budget, so the run can always delete what it made, however early it runs out.
   */
  owed: number;
}

export function createBudget(max: number, sent = 0, rateLimited = 0): RequestBudget {
  return { max, sent, rateLimited, owed: 0 };
}

const BUDGET_USED_UP = 'request budget used up';

export function budgetUsedUp(budget: RequestBudget): string {
  return `${BUDGET_USED_UP}: the run may send ${budget.max} requests (DRIFT_MAX_REQUESTS)`;
}

/** Whether a step's reason is that the budget kept it from being sent. */
export function isBudgetReason(reason: string): boolean {
  return reason.startsWith(BUDGET_USED_UP);
}

/** The request was not sent: the run's request budget is used up. */
export class RequestBudgetExhausted extends Error {
  override name = 'RequestBudgetExhausted';
}

/**
 * The message of a budget refusal anywhere in an error's cause chain (the client wraps what its
 * fetch throws in a ConomyConnectionError, keeping a masked copy as the cause), else undefined.
 */
export function budgetExhaustion(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === RequestBudgetExhausted.name) return current.message;
  }
  return undefined;
}

/** A 429 is repeated at most this many times, after waiting at most this long each time. */
export const MAX_RATE_LIMIT_REPEATS = 5;
export const MAX_RATE_LIMIT_WAIT_MS = 10_000;
/** The wait when a 429 names none (no or an unreadable Retry-After). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export interface SendOptions {
  budget: RequestBudget;
  fetch?: (request: Request) => Promise<Response>;
  /** A limit for each attempt on its own, so that waiting out a 429 never counts as a slow answer. */
  attemptTimeoutMs?: number;
}

/** Sends `request` within the budget, waiting out and repeating 429 answers (capped). */
export async function sendWithinBudget(request: Request, options: SendOptions): Promise<Response> {
  const { budget, fetch = globalThis.fetch, attemptTimeoutMs } = options;
  const limit = request.method === 'DELETE' ? budget.max : budget.max - budget.owed;
  for (let repeats = 0; ; repeats += 1) {
    // The client that sent it names the request; the reason is the same for every one.
    if (budget.sent >= limit) throw new RequestBudgetExhausted(budgetUsedUp(budget));
    budget.sent += 1;
    // A clone per attempt: a request body can be read only once.
    const attempt = attemptTimeoutMs === undefined ? request.clone() : withTimeout(request.clone(), attemptTimeoutMs);
    const response = await fetch(attempt);
    if (response.status !== 429 || repeats >= MAX_RATE_LIMIT_REPEATS) return response;
    await response.body?.cancel();
    budget.rateLimited += 1;
    await sleep(rateLimitWaitMs(response.headers.get('retry-after')), request.signal);
  }
}

function withTimeout(request: Request, ms: number): Request {
  return new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(ms)]) });
}

/** Retry-After in seconds or as an HTTP date, capped; a negative or unreadable value gets the default. */
export function rateLimitWaitMs(retryAfter: string | null, now = Date.now()): number {
  const asked = parseRetryAfterMs(retryAfter, now);
  const wait = asked === undefined || !Number.isFinite(asked) || asked < 0 ? DEFAULT_RATE_LIMIT_WAIT_MS : asked;
  return Math.min(wait, MAX_RATE_LIMIT_WAIT_MS);
}

export interface SandboxTransportOptions extends SendOptions {
  baseUrl: string;
  maxInFlight: number;
  /** Whether a 2xx answer to this request is a resource the run must delete (see `owed`). */
  creates: (request: Request) => boolean;
}

/** The fetch the contract cases send through on a real server (see the top of this file). */
export function createSandboxTransport(options: SandboxTransportOptions): (request: Request) => Promise<Response> {
  const { baseUrl, maxInFlight, budget } = options;
  const slots = createSlots(maxInFlight);
  return async (request) => {
    assertWithin(baseUrl, request);
    await slots.acquire(request.signal);
    try {
      // Aborted while it waited for a slot: not sent, not counted.
      request.signal.throwIfAborted();
      if (request.method === 'DELETE') budget.owed = Math.max(0, budget.owed - 1);
      const response = await sendWithinBudget(request, options);
      if (response.ok && options.creates(request)) budget.owed += 1;
      return response;
    } finally {
      slots.release();
    }
  };
}

/** Nothing is sent outside the target's base URL (another host, production). */
export function assertWithin(baseUrl: string, request: Request): void {
  if (isUnderBaseUrl(request.url, baseUrl)) return;
  const url = new URL(request.url);
  throw new Error(`refusing to send ${request.method} ${url.origin}${url.pathname}: it is outside the target ${baseUrl}`);
}

/** At most `size` holders at a time; a waiter whose signal aborts leaves the queue. */
function createSlots(size: number): { acquire(signal: AbortSignal): Promise<void>; release(): void } {
  let held = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire(signal) {
      signal.throwIfAborted();
      if (held < size) {
        held += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        // The releasing holder hands its slot over to `take`; an abort leaves the queue instead.
        const take = (): void => {
          signal.removeEventListener('abort', leave);
          resolve();
        };
        const leave = (): void => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(signal.reason);
        };
        waiting.push(take);
        signal.addEventListener('abort', leave, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else held -= 1;
    },
  };
}
