import type { LogLevel, Logger, ResolvedOptions } from '../core/options.js';
import { createMasker, MASK, SENSITIVE_HEADERS } from './secrets.js';

// Level-gated logging plus the client's redactor (after openai-node's src/internal/utils/log.ts).
// Masking works on two levels: sensitive header NAMES are always masked, and every secret VALUE
// the client knows (API key, client id and secret, access tokens) is replaced wherever it shows up,
// in every encoding secrets.js knows, so a server that echoes a credential back in an error body
// cannot leak it through a log line, an error message or a serialized error either.

/** The levels (what logLevel accepts) and their ranks: a message is written when its rank is at most the level's. */
export const LEVEL_RANK: Record<LogLevel, number> = { debug: 4, info: 3, warn: 2, error: 1, off: 0 };

/** What Redactor.headers walks: a Headers, or pairs of lower-case names and values. */
export interface HeaderPairs {
  forEach(callback: (value: string, name: string) => void): void;
}

/** Remembers secret values and scrubs them out of strings and JSON-like values. */
export class Redactor {
  // Access tokens rotate, so only the most recent ones are remembered; older ones no longer work.
  static readonly MAX_TOKENS = 8;
  readonly #fixed: ReadonlyArray<string | undefined>;
  // Stryker disable next-line ArrayDeclaration: a made-up first entry would only mask that one string
  #tokens: string[] = [];
  #mask: (text: string) => string = (text) => text;

  /** `fixed` are the long-lived credentials (API key, client id and secret, a static access token). */
  constructor(fixed: ReadonlyArray<string | undefined>) {
    // Unset ones are left to createMasker, which ignores them.
    this.#fixed = fixed;
    this.#rebuild();
  }

  addToken(token: string): void {
    if (this.#tokens.includes(token)) return;
    this.#tokens = [token, ...this.#tokens].slice(0, Redactor.MAX_TOKENS);
    this.#rebuild();
  }

  #rebuild(): void {
    this.#mask = createMasker([...this.#fixed, ...this.#tokens]);
  }

  text(value: string): string {
    return this.#mask(value);
  }

  /** A scrubbed deep copy of plain JSON data (objects, arrays, primitives). */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value).map(([key, item]) => [
        key,
        SENSITIVE_HEADERS.has(key.toLowerCase()) ? MASK : this.json(item),
      ]);
      return Object.fromEntries(entries);
    }
    return value;
  }

  /**
   * Headers with every sensitive one's value replaced by the mask, whatever its scheme, and the
   * others scrubbed: the one way a masked header is written, by the client and the drift reports.
   * Takes a Headers, or anything that walks name-value pairs the same way with lower-case names.
   */
  headers(headers: HeaderPairs): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      result[name] = SENSITIVE_HEADERS.has(name) ? MASK : this.text(value);
    });
    return result;
  }
}

/** The client's internal log: level-gated, and every message and detail object goes through the redactor. */
export interface Log {
  /** Whether a level would be written: lets hot paths skip building details nobody reads. */
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export function createLog({ logger, logLevel }: Pick<ResolvedOptions, 'logger' | 'logLevel'>, redactor: Redactor): Log {
  const enabled = (fn: keyof Logger): boolean => LEVEL_RANK[fn] <= LEVEL_RANK[logLevel];
  const make =
    (fn: keyof Logger) =>
    (message: string, details?: Record<string, unknown>): void => {
      if (!enabled(fn)) return;
      const text = `[conomy] ${redactor.text(message)}`;
      if (details === undefined) logger[fn](text);
      else logger[fn](text, redactor.json(details));
    };
  return { enabled, debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
