/**
 * When and how long to wait before asking Klaviyo again. Pure, so it can be unit tested.
 *
 * Modelled on the official SDKs (docs/klaviyo.md#retries): retry 429, 503, 504 and 524 (not 500/502, which are
 * "not guaranteed to be transient"), honour `Retry-After`, otherwise exponential backoff with jitter.
 * Unlike SDK 23 (`numRetries` = total attempts, fixed sleeps that can land inside the same window),
 * we sleep until `Retry-After` has passed and bound retries in both count and total time.
 */
import { errorDocumentSchema } from "./schema";

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504, 524]);

export interface RetryPolicy {
  /** total attempts, first one included */
  maxAttempts: number;
  /** total time we may spend sleeping between attempts, for background work */
  budgetMs: number;
  /**
   * the same for a person's request: a few seconds, like the limiter's wait, so that a page is told
   * "rate limited, next try in N s" rather than held while Klaviyo's Retry-After runs out
   */
  personBudgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  budgetMs: 15_000,
  personBudgetMs: 3_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** Exponential backoff with ±50 % jitter so that many waiting requests do not retry in lockstep. */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number): number {
  const raw = Math.min(policy.baseDelayMs * 2 ** retryIndex, policy.maxDelayMs);
  return Math.round(raw * (0.5 + random()));
}

/**
 * Sleep until `Retry-After` has passed, plus a little jitter (at most a quarter of it, capped at 1 s):
 * "immediate retries will always receive a 429", and the window reopens for every waiter at once.
 */
export function retryAfterDelayMs(retryAfterSeconds: number, random: () => number): number {
  const base = retryAfterSeconds * 1000;
  return Math.round(base + random() * Math.min(1000, base / 4));
}

const AVAILABLE_IN = /expected available in (\d+(?:\.\d+)?) seconds?/i;

/**
 * Seconds to wait before the next request, from (in order): the `Retry-After` header (integer seconds
 * or an HTTP date), then the "Expected available in N second(s)" detail of a throttled error body
 * (a 429 has been seen without the header: klaviyo-api-python#15). Null when neither says.
 */
export function retryAfterSeconds(headers: Headers, body: unknown, nowMs: number): number | null {
  const header = headers.get("retry-after")?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header));
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  const document = errorDocumentSchema.safeParse(body);
  if (document.success) {
    for (const error of document.data.errors) {
      const match = error.detail ? AVAILABLE_IN.exec(error.detail) : null;
      if (match?.[1]) return Math.ceil(Number(match[1]));
    }
  }
  return null;
}
