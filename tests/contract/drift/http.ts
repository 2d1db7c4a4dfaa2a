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

/** How many requests a run may still send; shared by everything that sends one. */
export interface RequestBudget {
  readonly max: number;
  sent: number;
  /** 429 answers that were waited out and repeated. */
  rateLimited: number;
}

export function createBudget(max: number, sent = 0): RequestBudget {
  return { max, sent, rateLimited: 0 };
}

export function budgetUsedUp(budget: RequestBudget): string {
  return `request budget used up: the run may send ${budget.max} requests (DRIFT_MAX_REQUESTS)`;
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
}

/** Sends `request` within the budget, waiting out and repeating 429 answers (capped). */
export async function sendWithinBudget(request: Request, { budget, fetch = globalThis.fetch }: SendOptions): Promise<Response> {
  for (let repeats = 0; ; repeats += 1) {
    // The client that sent it names the request; the reason is the same for every one.
    if (budget.sent >= budget.max) throw new RequestBudgetExhausted(budgetUsedUp(budget));
    budget.sent += 1;
    // A clone per attempt: a request body can be read only once.
    const response = await fetch(request.clone());
    if (response.status !== 429 || repeats >= MAX_RATE_LIMIT_REPEATS) return response;
    await response.body?.cancel();
    budget.rateLimited += 1;
    await sleep(rateLimitWaitMs(response.headers.get('retry-after')), request.signal);
  }
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
}

/** The fetch the contract cases send through on a real server (see the top of this file). */
export function createSandboxTransport(options: SandboxTransportOptions): (request: Request) => Promise<Response> {
  const { baseUrl, maxInFlight } = options;
  const slots = createSlots(maxInFlight);
  return async (request) => {
    if (!request.url.startsWith(`${baseUrl}/`) && request.url !== baseUrl) {
      const url = new URL(request.url);
      throw new Error(`refusing to send ${request.method} ${url.origin}${url.pathname}: it is outside the target ${baseUrl}`);
    }
    await slots.acquire(request.signal);
    try {
      // Aborted while it waited for a slot: not sent, not counted.
      request.signal.throwIfAborted();
      return await sendWithinBudget(request, options);
    } finally {
      slots.release();
    }
  };
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
