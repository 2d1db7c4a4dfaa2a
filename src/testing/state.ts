// What the mock holds. Every object is exactly a schema object of the contract; what the mock needs
// to know beside it (how long a session's offer lasts, which session a payment paid, when a token
// runs out) is kept in its record, never inside the object. Time moves the state too: a link or a
// session whose time is up is EXPIRED as soon as anything looks at it.
import type { components } from '../generated/openapi.js';
import type { ConomyMockState } from './types.js';

type Schemas = components['schemas'];
export type PaymentLink = Schemas['PaymentLink'];
export type CheckoutSession = Schemas['CheckoutSession'];
export type Payment = Schemas['Payment'];

export interface SessionRecord {
  session: CheckoutSession;
  /** Seconds the offer stays usable: a refresh moves `expiresAt` that far from now. */
  duration: number;
}

export interface PaymentRecord {
  payment: Payment;
  /** The session it paid: what listPayments filters by, which the documented payment does not carry. */
  checkoutSessionId: string;
}

export interface TokenRecord {
  token: Schemas['AccessToken'];
  /** Epoch milliseconds; Infinity for a pinned token. */
  expiresAt: number;
}

/** Statuses whose link or session still waits for something, and so can run out of time. */
const OPEN = new Set(['ATTEMPT', 'ACTIVE']);

export class MockStore {
  readonly links = new Map<string, PaymentLink>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  private lastId = 0;

  /** 24 hex digits like Conomy's ids, starting with "mock" in hex; never reused, not even after a reset. */
  newId(): string {
    this.lastId += 1;
    return `6d6f636b${this.lastId.toString(16).padStart(16, '0')}`;
  }

  /** Links and sessions whose time is up become EXPIRED; tokens whose time is up are forgotten. */
  expire(now = Date.now()): void {
    for (const link of this.links.values()) {
      if (OPEN.has(link.status) && Date.parse(link.createdAt) + link.duration * 1000 <= now) link.status = 'EXPIRED';
    }
    for (const { session } of this.sessions.values()) {
      if (OPEN.has(session.status) && Date.parse(session.expiresAt) <= now) session.status = 'EXPIRED';
    }
    for (const [value, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(value);
  }

  /** Whether a link or a session carries the checkout token (a session opened from a link carries the link's). */
  tokenInUse(checkoutToken: string): boolean {
    const links = [...this.links.values()].some((link) => link.checkoutToken === checkoutToken);
    return links || [...this.sessions.values()].some(({ session }) => session.checkoutToken === checkoutToken);
  }

  snapshot(): ConomyMockState {
    this.expire();
    return deepFreeze(
      structuredClone({
        paymentLinks: [...this.links.values()],
        checkoutSessions: [...this.sessions.values()].map((record) => record.session),
        payments: [...this.payments.values()].map((record) => record.payment),
        tokens: [...this.tokens.values()].map((record) => record.token),
      }),
    );
  }

  clear(): void {
    this.links.clear();
    this.sessions.clear();
    this.payments.clear();
    this.tokens.clear();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
