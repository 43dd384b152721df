/**
 * When a view asks Klaviyo again after a failed read: never sooner than Klaviyo (or the dashboard's
 * limiter) said it may, so the first allowed second is used and no earlier one is wasted; and when,
 * so that the page can count down to it.
 */

/** The wait an error asks for (`retryAfter`, in seconds, from `Retry-After`), in ms; 0 when none. */
export function retryAfterMs(error: unknown): number {
  const seconds = (error as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof seconds === "number" && seconds > 0 ? seconds * 1000 : 0;
}

/** A poll interval after `error` that never asks before the wait it named. */
export function pollAfter(error: unknown, intervalMs: number): number {
  return Math.max(intervalMs, retryAfterMs(error));
}

/** When the next try after a failed read is due (epoch ms), or null when the view will not try again. */
export function nextTryAt(errorUpdatedAt: number, interval: number | false): number | null {
  return interval === false || errorUpdatedAt === 0 ? null : errorUpdatedAt + interval;
}
