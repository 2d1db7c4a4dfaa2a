// Faults on demand: the failures a test arms (failNext), a rate limit, and slow answers. The
// decision for a request is taken the moment it arrives, before anything is awaited, so a failure
// armed just before a call is the one that call meets even when other calls are in flight.
import { problem, type MockReply } from './replies.js';
import type { ConomyMockOptions, FailNextOptions } from './types.js';

interface Armed {
  status: number;
  retryAfter?: string;
}

export class MockFaults {
  private readonly armed = new Map<string, Armed[]>();
  /** When each request the rate limit let through arrived, oldest first (epoch milliseconds). */
  private readonly admitted: number[] = [];

  constructor(private readonly options: Pick<ConomyMockOptions, 'rateLimit' | 'latencyMs'>) {
    const { rateLimit, latencyMs } = options;
    if (rateLimit && !(rateLimit.requests >= 1 && rateLimit.perMs > 0)) {
      throw new RangeError('rateLimit needs requests >= 1 and perMs > 0');
    }
    const latencies = latencyMs === undefined ? [] : [latencyMs].flat();
    if (latencies.some((ms) => !(ms >= 0)) || (latencies.length === 2 && (latencies[1] ?? 0) < (latencies[0] ?? 0))) {
      throw new RangeError('latencyMs must be a number of milliseconds >= 0, or [min, max] with min <= max');
    }
  }

  failNext(operationId: string, status: number, { retryAfter }: FailNextOptions = {}): void {
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`failNext: ${status} is not an error status (400 to 599)`);
    const queue = this.armed.get(operationId) ?? [];
    queue.push({ status, ...(retryAfter === undefined ? {} : { retryAfter: String(retryAfter) }) });
    this.armed.set(operationId, queue);
  }

  /**
   * The refusal a request meets instead of an answer: the failure armed for its operation, else the
   * rate limit's 429. Such a refusal does nothing, and does not count against the limit.
   */
  refusal(operationId: string | undefined, now = Date.now()): MockReply | undefined {
    const armed = operationId === undefined ? undefined : this.armed.get(operationId)?.shift();
    if (armed) {
      const headers = armed.retryAfter === undefined ? undefined : { 'retry-after': armed.retryAfter };
      return problem(armed.status, `failure armed with failNext for ${operationId}`, undefined, headers);
    }
    const { rateLimit } = this.options;
    if (!rateLimit) return undefined;
    while (this.admitted.length > 0 && (this.admitted[0] ?? 0) <= now - rateLimit.perMs) this.admitted.shift();
    if (this.admitted.length < rateLimit.requests) {
      this.admitted.push(now);
      return undefined;
    }
    const seconds = Math.max(1, Math.ceil(((this.admitted[0] ?? now) + rateLimit.perMs - now) / 1000));
    return problem(429, `rate limit of ${rateLimit.requests} requests per ${rateLimit.perMs} ms exceeded`, undefined, { 'retry-after': String(seconds) });
  }

  /** Waits as long as the latency option says. */
  delay(): Promise<void> {
    const { latencyMs } = this.options;
    if (latencyMs === undefined) return Promise.resolve();
    const ms = typeof latencyMs === 'number' ? latencyMs : latencyMs[0] + Math.random() * (latencyMs[1] - latencyMs[0]);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  clear(): void {
    this.armed.clear();
    this.admitted.length = 0;
  }
}
