/**
 * Where Klaviyo's fixed windows start on our clock. Klaviyo aligns its 1 s and 60 s windows to its
 * own clock; ours may be off by any amount (NTP error, or the simulator's clock, which starts a few
 * hundred ms behind the wall clock). A request we count in a fresh minute can then land in Klaviyo's
 * old, spent one: a 429.
 *
 * Every answer's `RateLimit-Reset` (whole seconds until the steady window ends) pins the offset
 * between the clocks to a 1 s interval, widened by the request's round trip; intersecting such
 * intervals narrows it to about one round trip. The limiter releases waiting requests at the
 * estimated boundary, i.e. the middle of the interval, so under load each answer halves it.
 *
 * Whether Klaviyo rounds the seconds up or down is not documented. We assume up (as "expected
 * available in N seconds" does, and as the simulator does) until an answer says 0, which only
 * rounding down produces; then Klaviyo's minute ends a second later on our clock than we thought.
 * The 1 s windows do not care: up and down differ by exactly one second.
 *
 * Pure, so it can be unit tested.
 */

const MINUTE = 60_000;
/** tolerance for off-by-one-millisecond rounding at the upstream */
const SLACK_MS = 2;

export interface Alignment {
  /** add to our clock to get Klaviyo's (modulo a minute) */
  offsetMs: number;
  /** how far the true offset may be from `offsetMs` */
  uncertaintyMs: number;
}

export interface PhaseTracker {
  /** `sentAt`/`receivedAt` on our clock, bracketing the moment Klaviyo computed `resetSeconds` */
  observe(sentAt: number, receivedAt: number, resetSeconds: number): void;
  burst(): Alignment;
  steady(): Alignment;
  readonly rounding: "up" | "down" | "nearest";
}

const mod = (value: number, m: number) => ((value % m) + m) % m;
/** the representative of `value` mod a minute closest to zero */
const centred = (value: number) => {
  const v = mod(value, MINUTE);
  return v > MINUTE / 2 ? v - MINUTE : v;
};

export function createPhaseTracker(): PhaseTracker {
  // Offsets consistent with every observation so far, assuming Klaviyo rounds up: [start, start + width).
  let start: number | null = null;
  let width = 0;
  let sawZero = false;
  let sawSixty = false;

  const rounding = () => (sawSixty && sawZero ? "nearest" : sawZero ? "down" : "up");

  /** The round-up estimate; rounding down means Klaviyo's boundary comes a second later on our clock. */
  function base(): Alignment {
    // Nothing seen yet: assume synchronised clocks, but not to the millisecond.
    if (start === null) return { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
    return { offsetMs: centred(start + width / 2), uncertaintyMs: width / 2 };
  }

  return {
    get rounding() {
      return rounding();
    },

    observe(sentAt, receivedAt, resetSeconds) {
      if (!Number.isFinite(resetSeconds) || resetSeconds < 0 || resetSeconds > 60 || receivedAt < sentAt) return;
      if (resetSeconds === 0) sawZero = true;
      if (resetSeconds === 60) sawSixty = true;
      // Rounding up: Klaviyo's time t satisfied (R − 1) s < end − t ≤ R s, for t in [sentAt, receivedAt] + offset.
      const newStart = MINUTE - resetSeconds * 1000 - receivedAt - SLACK_MS;
      const newWidth = 1000 + (receivedAt - sentAt) + 2 * SLACK_MS;
      if (start === null) {
        [start, width] = [mod(newStart, MINUTE), newWidth];
        return;
      }
      const shift = centred(newStart - start);
      const lo = Math.max(0, shift);
      const hi = Math.min(width, shift + newWidth);
      if (hi > lo) [start, width] = [mod(start + lo, MINUTE), hi - lo];
      // Disjoint: a clock was stepped or Klaviyo moved; start again from this answer.
      else [start, width] = [mod(newStart, MINUTE), newWidth];
    },

    burst() {
      const { offsetMs, uncertaintyMs } = base();
      const shift = rounding() === "nearest" ? -500 : 0; // up and down agree modulo a second
      return { offsetMs: offsetMs + shift, uncertaintyMs };
    },

    steady() {
      const { offsetMs, uncertaintyMs } = base();
      const shift = { up: 0, down: -1000, nearest: -500 }[rounding()];
      return { offsetMs: offsetMs + shift, uncertaintyMs };
    },
  };
}
