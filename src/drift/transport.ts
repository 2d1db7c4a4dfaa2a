// Every request a drift run sends to the real server goes through one DriftTransport: the
// preflight, every call of every case (the typed client's own retries and token calls included)
// and the cleanup. It is where the run's safety limits hold:
// - one request budget for the whole run (REQUEST_BUDGET, lowered by DRIFT_MAX_REQUESTS); a
//   request beyond it is refused before anything is sent;
// - at most MAX_IN_FLIGHT requests at a time, only URLs under the base URL, no redirect followed;
// - a 429 is waited out and the request sent again, whatever its method: Conomy documents 429
//   tooManyRequests as a refusal that did nothing, and tells integrators to honour Retry-After.
//   Each repeat counts against the budget. 502, 503, 504 and connection errors are left to the
//   client's own rules, which never replay a creating POST.
import { isUnderBaseUrl } from '../internal/base-url.js';
import { parseRetryAfterMs, sleep } from '../internal/retry.js';
import { RequestNotSent } from '../contract/run/case.js';
import { MAX_IN_FLIGHT } from './config.js';
import type { RequestCount } from './records.js';

/** A 429 is repeated at most this many times, after waiting at most this long each time. */
export const MAX_RATE_LIMIT_REPEATS = 5;
export const MAX_RATE_LIMIT_WAIT_MS = 10_000;
/** The wait when a 429 names none (no or an unreadable Retry-After). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export interface TransportOptions {
  /** Nothing is sent outside it. */
  baseUrl: string;
  /** The run's request budget (REQUEST_BUDGET, or less with DRIFT_MAX_REQUESTS). */
  maxRequests: number;
  /** Default MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** Whether a 2xx answer to this request is a resource the run must delete (see `owed`). */
  creates: (request: Request) => boolean;
  /** Default: the global fetch. Injected by tests. */
  fetch?: (request: Request) => Promise<Response>;
  /** Told the count of requests sent each time one goes out (a progress line). */
  onSent?: (sent: number) => void;
}

export class DriftTransport {
  readonly baseUrl: string;
  readonly maxRequests: number;
  #sent = 0;
  #rateLimited = 0;
  /**
   * Deletes owed for what the run created and has not tried to delete yet. Only a DELETE may use
   * this part of the budget, so the run can always delete what it made, however early it runs out.
   */
  #owed = 0;
  readonly #slots: Slots;
  readonly #creates: (request: Request) => boolean;
  readonly #fetch: (request: Request) => Promise<Response>;
  readonly #onSent: (sent: number) => void;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl;
    this.maxRequests = options.maxRequests;
    this.#slots = createSlots(options.maxInFlight ?? MAX_IN_FLIGHT);
    this.#creates = options.creates;
    this.#fetch = options.fetch ?? ((request) => globalThis.fetch(request));
    this.#onSent = options.onSent ?? (() => {});
  }

  /** Requests sent so far. */
  requests(): RequestCount {
    return { sent: this.#sent, rateLimited: this.#rateLimited };
  }

  /** Requests kept back for deleting what the run created. */
  owed(): number {
    return this.#owed;
  }

  /** Why no case may start any more (what is left is kept for deletes), else undefined. */
  exhausted(): string | undefined {
    return this.#sent + this.#owed >= this.maxRequests ? this.#usedUp() : undefined;
  }

  /**
   * Sends a request within every limit of the run, following no redirect; a fetch function, so a
   * case's client sends through it. `attemptTimeoutMs` limits each attempt on its own, so that
   * waiting out a 429 never counts as a slow answer. Throws RequestNotSent, having sent nothing,
   * when the budget does not allow the request.
   */
  readonly send = async (request: Request, { attemptTimeoutMs }: { attemptTimeoutMs?: number } = {}): Promise<Response> => {
    this.#assertWithin(request);
    await this.#slots.acquire(request.signal);
    try {
      // Aborted while it waited for a slot: not sent, not counted.
      request.signal.throwIfAborted();
      if (request.method === 'DELETE') this.#owed = Math.max(0, this.#owed - 1);
      const response = await this.#sendRepeating429(new Request(request, { redirect: 'manual' }), attemptTimeoutMs);
      if (response.ok && this.#creates(request)) this.#owed += 1;
      return response;
    } finally {
      this.#slots.release();
    }
  };

  /** Sends `request`, waiting out and repeating 429 answers (capped), each attempt counted. */
  async #sendRepeating429(request: Request, attemptTimeoutMs: number | undefined): Promise<Response> {
    for (let repeats = 0; ; repeats += 1) {
      // Read each time: what is owed changes while this request waits out a 429.
      const limit = request.method === 'DELETE' ? this.maxRequests : this.maxRequests - this.#owed;
      // The client that sent it names the request; the reason is the same for every one.
      if (this.#sent >= limit) throw new RequestNotSent(this.#usedUp());
      this.#sent += 1;
      this.#onSent(this.#sent);
      // A clone per attempt: a request body can be read only once.
      const attempt = attemptTimeoutMs === undefined ? request.clone() : withTimeout(request.clone(), attemptTimeoutMs);
      const response = await this.#fetch(attempt);
      if (response.status !== 429 || repeats >= MAX_RATE_LIMIT_REPEATS) return response;
      await response.body?.cancel();
      this.#rateLimited += 1;
      await sleep(rateLimitWaitMs(response.headers.get('retry-after')), request.signal);
    }
  }

  #usedUp(): string {
    return `request budget used up: the run may send ${this.maxRequests} requests (DRIFT_MAX_REQUESTS)`;
  }

  /** Nothing is sent outside the target's base URL (another host, production). */
  #assertWithin(request: Request): void {
    if (isUnderBaseUrl(request.url, this.baseUrl)) return;
    const url = new URL(request.url);
    throw new Error(`refusing to send ${request.method} ${url.origin}${url.pathname}: it is outside the target ${this.baseUrl}`);
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

/** At most `size` holders at a time; a waiter whose signal aborts leaves the queue. */
interface Slots {
  acquire(signal: AbortSignal): Promise<void>;
  release(): void;
}

function createSlots(size: number): Slots {
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
