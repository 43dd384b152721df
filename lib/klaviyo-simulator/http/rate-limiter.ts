/**
 * Klaviyo's limiter (docs/klaviyo.md#rate-limits): per account and endpoint, two fixed windows at once, a 1 s burst
 * and a 60 s steady window; exceeding either is a 429. Windows are aligned to the simulator clock, so
 * advancing the clock opens fresh windows. Refused requests do not count against the windows.
 */
import type { RateTier } from "@/lib/job-types";

export type RateDecision =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; retryAfterSeconds: number };

interface Windows {
  burstWindow: number;
  burstCount: number;
  steadyWindow: number;
  steadyCount: number;
}

const BURST_MS = 1_000;
const STEADY_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, Windows>();

  /** `enforce: false` keeps counting (and the headers honest) but never refuses. */
  constructor(private readonly enforce = true) {}

  take(account: string, endpoint: string, tier: RateTier, now: number): RateDecision {
    const key = `${account}\u0000${endpoint}`;
    const burstWindow = Math.floor(now / BURST_MS);
    const steadyWindow = Math.floor(now / STEADY_MS);
    let state = this.windows.get(key);
    if (!state) {
      state = { burstWindow, burstCount: 0, steadyWindow, steadyCount: 0 };
      this.windows.set(key, state);
    }
    if (state.burstWindow !== burstWindow) Object.assign(state, { burstWindow, burstCount: 0 });
    if (state.steadyWindow !== steadyWindow) Object.assign(state, { steadyWindow, steadyCount: 0 });

    const burstFull = state.burstCount >= tier.burst;
    const steadyFull = state.steadyCount >= tier.steady;
    if (this.enforce && (burstFull || steadyFull)) {
      const until = steadyFull ? (steadyWindow + 1) * STEADY_MS : (burstWindow + 1) * BURST_MS;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1_000)) };
    }
    state.burstCount++;
    state.steadyCount++;
    return {
      allowed: true,
      limit: tier.steady,
      remaining: Math.max(0, tier.steady - state.steadyCount),
      resetSeconds: Math.max(1, Math.ceil(((steadyWindow + 1) * STEADY_MS - now) / 1_000)),
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
