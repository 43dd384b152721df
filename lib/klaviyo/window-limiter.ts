/**
 * Client-side copy of Klaviyo's rate limits, per API key × endpoint (list and get-one of one job kind
 * are separate endpoints). Klaviyo counts every endpoint in two fixed windows at once, 1 s ("burst")
 * and 60 s ("steady"), aligned to its own clock; one request over either is a 429, and other
 * integrations on the same account spend the same budget.
 *
 * How we stay under it while using nearly all of it:
 * - the same two fixed windows, counted in rate-limiter-flexible (memory, or Redis so that every
 *   instance shares one budget) under keys that carry Klaviyo's window number;
 * - aligned to Klaviyo's clock, not ours: ./window-phase learns the offset from `RateLimit-Reset`;
 * - a safety margin (3 %: 72/s and 727/min at the 75/750 tier);
 * - requests paced evenly through each second rather than sent in a clump: a clump queues at the
 *   far end and is counted there spread over the next second, where it meets the next clump (slots
 *   missed because the process was busy are caught up, a quarter of a second's worth at most);
 * - near a boundary, while we cannot tell which of Klaviyo's windows a request will land in, it is
 *   counted in both (the old one may use half the margin);
 * - resynchronisation: `RateLimit-Remaining` lowers what is left of the minute when someone else spends
 *   it, and a 429's `Retry-After` holds the endpoint until then;
 * - a request waits for budget (FIFO per endpoint and priority in this process) instead of failing;
 *   when the wait would exceed its priority's longest wait it fails at once with `rate_limited` and
 *   `retryAfter`: a person's page is answered within seconds, honestly, rather than held for a minute;
 * - while Redis is gone, each instance spends its part of what the others may have left (./window-counter);
 * - a share: the dashboard spends at most `share` of each endpoint's limit (the key's quota is the
 *   whole account's, and the merchant's own sync spends it too), and background work at most
 *   `backgroundShare` of it, out of what people leave; background work also waits while a person's
 *   request for the same endpoint is waiting in this process.
 *
 * Not server-only: pure logic over an injected store and clock, so it can be unit and bench tested.
 */
import { ApiError } from "@/lib/http/errors";
import type { RateTier } from "@/lib/job-types";
import { type Clock, systemClock } from "./clock";
import { createWindowCounter, type LimiterStore, type WindowCounter } from "./window-counter";
import { createPhaseTracker, type PhaseTracker } from "./window-phase";

export type { LimiterStore } from "./window-counter";

export interface Endpoint {
  /** e.g. `item-create:list`, `item-create:get` */
  id: string;
  tier: RateTier;
}

export interface Permit {
  endpoint: Endpoint;
  /** our clock (`windowNow`) when the permit was granted, just before the request went out */
  grantedAt: number;
  /** Klaviyo's steady window the request was counted in; null when counted in two */
  steadyWindow: number | null;
}

/** Who is asking: a person with a page open, or work nobody is waiting on (exports of whole runs, the collector). */
export type Priority = "person" | "background";

export interface WindowLimiter {
  /** Wait for budget in both windows and take one request's worth. Throws ApiError rate_limited. */
  acquire(endpoint: Endpoint, priority?: Priority): Promise<Permit>;
  /** Learn from the `RateLimit-*` headers of a non-429 answer to `permit`'s request. */
  observe(permit: Permit, headers: Headers): Promise<void>;
  /** A 429 said `Retry-After: seconds`: nobody uses this endpoint before then. */
  hold(endpoint: Endpoint, seconds: number): Promise<void>;
  readonly phase: PhaseTracker;
}

export interface WindowLimiterOptions {
  store: LimiterStore;
  /** namespace for store keys; must not contain the raw API key (use its fingerprint) */
  keyPrefix: string;
  /** how many instances share the budget in Redis: each one's part while Redis is gone (./presence) */
  instances?: () => number;
  /** fraction of each window kept in reserve */
  margin?: number;
  /** longest a person's request may wait for budget before failing with rate_limited */
  maxWaitMs?: number;
  /** longest background work may wait for budget before failing with rate_limited */
  backgroundMaxWaitMs?: number;
  /** the most of each endpoint's limit this dashboard spends, people and background together (0–1] */
  share?: number;
  /** the most of each endpoint's limit background work spends, within `share` */
  backgroundShare?: number;
  /**
   * how close to the end of a window a request may already reach Klaviyo in the next one: the
   * larger of this and recent round trips (such requests are counted in both windows)
   */
  guardMs?: number;
  /** sleeping and the wait deadline */
  clock?: Clock;
  /**
   * The clock requests are timed on for alignment, when it is not `clock`: the in-process simulator
   * keeps its own (it can be set, scaled or frozen), while deadlines stay in real time.
   */
  windowNow?: () => number;
}

export const DEFAULT_MARGIN = 0.03;
/** A person gets an answer within seconds: the rows, or an honest "rate limited, retry in N s". */
export const DEFAULT_MAX_WAIT_MS = 3_000;
/** Spans one steady window: under sustained overload background work waits for the next minute. */
export const DEFAULT_BACKGROUND_MAX_WAIT_MS = 65_000;
const SECOND = 1_000;
const MINUTE = 60_000;
/**
 * Past this, our 1 s windows count as not aligned with Klaviyo's (see tryTake): each of ours then
 * gets half the burst. That costs nothing per minute (37/s still spends 750/min in 21 s).
 */
const MAX_BURST_UNCERTAINTY_MS = 150;
/** Past this, requests started early in one of our seconds may reach Klaviyo in its next one. */
const MAX_ALIGNED_ROUND_TRIP_MS = 400;
/** How far behind schedule pacing may catch up (see tryTake): at most this long's worth of slots at once. */
const PACING_CATCH_UP_MS = 250;
/** Before any answer, the minute boundary is taken as known to a second (NTP-synchronised clocks). */
const UNOBSERVED_STEADY_UNCERTAINTY_MS = 1_000;
/**
 * How long before a window begins on our clock another instance may already count in it: its estimate
 * of the boundary and ours may each be off by their uncertainty, and it counts a request in the next
 * window from its guard on (./window-counter needs this while Redis is gone).
 */
const EARLY_MS = {
  burst: 2 * MAX_BURST_UNCERTAINTY_MS + MAX_ALIGNED_ROUND_TRIP_MS,
  steady: 2 * UNOBSERVED_STEADY_UNCERTAINTY_MS + MAX_ALIGNED_ROUND_TRIP_MS,
};

export function budget(limit: number, margin: number): number {
  return Math.max(1, Math.floor(limit * (1 - margin)));
}

/** What the old window may reach while a boundary is uncertain: the limit less half the margin. */
function boundaryCap(limit: number, margin: number): number {
  return limit - Math.ceil((limit - budget(limit, margin)) / 2);
}

/** A share of a limit, in whole requests (at least one, so a small share never stops an endpoint). */
export function shareOf(limit: number, share: number): number {
  return Math.max(1, Math.floor(limit * share));
}

/** What one window may count: the margin's budget (or the boundary cap), and never more than the share. */
interface Caps {
  cap: number;
  oldCap: number;
}

function windowCaps(limit: number, margin: number, share: number): Caps {
  const most = shareOf(limit, share);
  return { cap: Math.min(budget(limit, margin), most), oldCap: Math.min(boundaryCap(limit, margin), most) };
}

/** `RateLimit-Limit/Remaining/Reset` (the steady window); null when absent or unreadable. */
export function parseRateLimitHeaders(
  headers: Headers,
): { limit: number; remaining: number; resetSeconds: number | null } | null {
  const read = (name: string) => {
    // Some servers send `RateLimit-Limit: 750, 750;w=60`-style lists; the first number is ours.
    const match = /^\s*(\d+)/.exec(headers.get(name) ?? "");
    return match?.[1] !== undefined ? Number(match[1]) : null;
  };
  const limit = read("ratelimit-limit");
  const remaining = read("ratelimit-remaining");
  if (limit === null || remaining === null) return null;
  return { limit, remaining, resetSeconds: read("ratelimit-reset") };
}

const mod = (value: number, m: number) => ((value % m) + m) % m;

function spent(waitMs: number): ApiError {
  return new ApiError("rate_limited", "Klaviyo's rate limit for this endpoint is spent; try again shortly.", {
    retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}

interface Placement {
  /** the earlier of two windows the request may land in; null when it can only be `fresh` */
  old: number | null;
  fresh: number;
  /** where `fresh` begins on our clock (its length: `windowMs`) */
  freshStartsAt: number;
  windowMs: number;
  /** until the placement changes */
  clearInMs: number;
}

export function createWindowLimiter(options: WindowLimiterOptions): WindowLimiter {
  const clock = options.clock ?? systemClock;
  const windowNow = options.windowNow ?? (() => clock.now());
  const margin = options.margin ?? DEFAULT_MARGIN;
  const maxWaitMs: Record<Priority, number> = {
    person: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    background: options.backgroundMaxWaitMs ?? DEFAULT_BACKGROUND_MAX_WAIT_MS,
  };
  const share = options.share ?? 1;
  const backgroundShare = Math.min(share, options.backgroundShare ?? share);
  if (!(share > 0 && share <= 1) || !(backgroundShare > 0)) throw new RangeError("shares must be in (0, 1]");
  const minGuardMs = options.guardMs ?? 50;
  const phase = createPhaseTracker();
  // Recent round trips: a request counted in one window reaches Klaviyo up to a round trip later.
  // The 95th percentile of the last 32: one cold connection should not count as the new normal.
  const roundTrips: number[] = [];
  let slowRoundTripMs = 0;
  function recordRoundTrip(ms: number): void {
    roundTrips.push(ms);
    if (roundTrips.length > 32) roundTrips.shift();
    const sorted = [...roundTrips].sort((a, b) => a - b);
    slowRoundTripMs = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? ms;
  }

  const counter = (name: string, windowMs: number): WindowCounter =>
    createWindowCounter({
      store: options.store,
      keyPrefix: `${options.keyPrefix}:${name}`,
      windowMs,
      instances: options.instances,
      now: windowNow,
    });
  const burstCounter = counter("burst", SECOND);
  const steadyCounter = counter("steady", MINUTE);
  const holdCounter = counter("hold", SECOND);
  // Background requests are counted twice: with everyone's (above), and here against their own share.
  const backgroundBurstCounter = counter("burst-bg", SECOND);
  const backgroundSteadyCounter = counter("steady-bg", MINUTE);
  /** the pacing slot of the last request let out, per endpoint (pacing is per instance) */
  const lastSlot = new Map<string, number>();
  const key = (endpoint: Endpoint, window: number) => `${endpoint.id}:${window}`;

  /**
   * Klaviyo's window(s) of length `windowMs` that a request sent at `now` (our clock; Klaviyo's is
   * `offsetMs` ahead, give or take `uncertaintyMs`) may be counted in, and how long until that
   * changes. Near a boundary it may be either: `old` and `fresh`.
   */
  function placement(
    now: number,
    offsetMs: number,
    windowMs: number,
    uncertaintyMs: number,
    guardMs: number,
  ): Placement {
    const klaviyoNow = now + offsetMs;
    const window = Math.floor(klaviyoNow / windowMs);
    const pos = mod(klaviyoNow, windowMs);
    const at = (fresh: number) => ({ fresh, freshStartsAt: fresh * windowMs - offsetMs, windowMs });
    if (pos < uncertaintyMs) return { old: window - 1, ...at(window), clearInMs: uncertaintyMs - pos };
    if (pos >= windowMs - uncertaintyMs - guardMs)
      return { old: window, ...at(window + 1), clearInMs: windowMs - pos + uncertaintyMs };
    return { old: null, ...at(window), clearInMs: windowMs - uncertaintyMs - guardMs - pos };
  }

  function steadyPlacement(now: number): Placement {
    const { offsetMs, uncertaintyMs } = phase.steady();
    const u = Number.isFinite(uncertaintyMs) ? uncertaintyMs : UNOBSERVED_STEADY_UNCERTAINTY_MS;
    return placement(now, offsetMs, MINUTE, u, Math.max(minGuardMs, slowRoundTripMs));
  }

  /**
   * Where one request is counted in one family of windows: its window against `cap`, and also the old
   * one against `oldCap` when it may land in either (near a boundary). A minute's count grows by at
   * most a burst a second, a second's by its whole cap at once.
   */
  function counts(store: WindowCounter, endpoint: Endpoint, where: Placement, { cap, oldCap }: Caps) {
    const minute = where.windowMs === MINUTE;
    const early = minute ? EARLY_MS.steady : EARLY_MS.burst;
    const perSecond = minute ? endpoint.tier.burst : undefined;
    const at = (window: number, limit: number) => ({
      store,
      key: key(endpoint, window),
      cap: limit,
      where,
      span: { opensAt: where.freshStartsAt - (where.fresh - window) * where.windowMs - early, perSecond },
    });
    return where.old === null ? [at(where.fresh, cap)] : [at(where.fresh, cap), at(where.old, oldCap)];
  }

  /**
   * Take one request's worth: a permit, or how long to wait before trying again. `now` places the
   * request in Klaviyo's windows; pacing runs on `clock` and, once waited for, is not asked again
   * (so a frozen clock, as tests use, cannot stall it).
   */
  async function tryTake(
    endpoint: Endpoint,
    now: number,
    paced: boolean,
    priority: Priority,
  ): Promise<{ waitMs: number; pacing?: true; permit?: Permit }> {
    const heldUntil = await holdCounter.peek(endpoint.id);
    if (heldUntil > now) return { waitMs: heldUntil - now };

    const { burst: burstLimit, steady: steadyLimit } = endpoint.tier;
    const b = phase.burst();
    // Aligned: we know where Klaviyo's seconds begin, and our requests reach it well within one.
    // Not aligned (no answer seen yet, none that narrowed the phase enough, or slow round trips that
    // smear our seconds into Klaviyo's): one of Klaviyo's windows may span two of ours, so each of
    // ours gets half the limit. At start-up this lasts a few seconds: requests released at our
    // estimated boundary teach us where Klaviyo's really is.
    const aligned = b.uncertaintyMs <= MAX_BURST_UNCERTAINTY_MS && slowRoundTripMs <= MAX_ALIGNED_ROUND_TRIP_MS;
    const bUncertainty = aligned ? b.uncertaintyMs : 0;
    const guardMs = aligned ? Math.max(minGuardMs, slowRoundTripMs) : minGuardMs;
    // Unaligned, a second of Klaviyo's may span two of ours: each of ours gets half of what we may spend.
    const burstCaps = (part: number): Caps => {
      if (aligned) return windowCaps(burstLimit, margin, part);
      const half = Math.max(1, Math.floor(shareOf(burstLimit, part) / 2));
      return { cap: half, oldCap: half };
    };
    const everyone = burstCaps(share);
    const burstCap = everyone.cap;

    // Slots, not gaps: time lost to scheduling is not added to every step (but never more than one
    // step ahead, or a clock that stands still would push the slots ever further away).
    const spacingMs = (SECOND - 2 * bUncertainty - guardMs) / burstCap;
    const clockNow = clock.now();
    const nextSlot = (lastSlot.get(endpoint.id) ?? Number.NEGATIVE_INFINITY) + spacingMs;
    // Behind schedule (a busy process woke the queue late), the slots missed in the last moments are
    // used at once: otherwise each pacing step would last a whole event-loop turn, and a queue of
    // twenty would wait seconds for a budget that was there. An idle pacer starts from now.
    const slot = nextSlot >= clockNow - PACING_CATCH_UP_MS ? Math.min(nextSlot, clockNow + spacingMs) : clockNow;
    if (!paced && slot - clockNow >= 1) return { waitMs: slot - clockNow, pacing: true };

    // Unaligned, any second of Klaviyo's overlaps at most two of ours, wherever ours begin: so they
    // begin on our clock's seconds, the same for every instance sharing the budget (each instance's
    // half-learnt offset would cut the shared counters' seconds differently, and together they could
    // then overrun Klaviyo's).
    const second = placement(now, aligned ? b.offsetMs : 0, SECOND, bUncertainty, guardMs);
    const minute = steadyPlacement(now);
    const background = priority === "background";
    const wanted = [
      ...counts(burstCounter, endpoint, second, everyone),
      ...(background ? counts(backgroundBurstCounter, endpoint, second, burstCaps(backgroundShare)) : []),
      ...counts(steadyCounter, endpoint, minute, windowCaps(steadyLimit, margin, share)),
      ...(background
        ? counts(backgroundSteadyCounter, endpoint, minute, windowCaps(steadyLimit, margin, backgroundShare))
        : []),
    ];
    // All or nothing: a refusal gives back what was taken before it.
    const taken: Array<() => Promise<void>> = [];
    for (const { store, key: storeKey, cap, where, span } of wanted) {
      const giveBack = await store.take(storeKey, cap, span);
      if (!giveBack) {
        await Promise.all(taken.map((undo) => undo()));
        // This second (or minute) is spent: wait until the next one may begin (its boundary region).
        return { waitMs: where.clearInMs };
      }
      taken.push(giveBack);
    }
    lastSlot.set(endpoint.id, slot);
    return { waitMs: 0, permit: { endpoint, grantedAt: now, steadyWindow: minute.old === null ? minute.fresh : null } };
  }

  // FIFO per endpoint and priority within this process: one request at a time asks the store, the
  // rest queue. Background work also waits while a person's request for the endpoint is waiting.
  const queues = new Map<string, Promise<void>>();
  const peopleWaiting = new Map<string, number>();
  const adjustPeople = (id: string, delta: number) => {
    const n = (peopleWaiting.get(id) ?? 0) + delta;
    if (n > 0) peopleWaiting.set(id, n);
    else peopleWaiting.delete(id);
  };
  /** How long background work sleeps before it looks again for people waiting on its endpoint. */
  const YIELD_MS = 25;
  async function inTurn<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    queues.set(id, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (queues.get(id) === tail) queues.delete(id);
    }
  }

  return {
    phase,

    async acquire(endpoint, priority = "person") {
      const start = clock.now();
      if (priority === "person") adjustPeople(endpoint.id, 1);
      try {
        return await inTurn(`${endpoint.id}|${priority}`, () => waitForPermit(priority));
      } finally {
        if (priority === "person") adjustPeople(endpoint.id, -1);
      }

      async function waitForPermit(priority: Priority): Promise<Permit> {
        let slept = 0;
        let paced = false;
        for (;;) {
          if (priority === "background" && peopleWaiting.has(endpoint.id)) {
            await clock.sleep(YIELD_MS);
            slept += YIELD_MS;
            if (Math.max(clock.now() - start, slept) > maxWaitMs.background) throw spent(YIELD_MS);
            continue;
          }
          const { waitMs, pacing, permit } = await tryTake(endpoint, windowNow(), paced, priority);
          if (permit) return permit;
          // Waited so far: by the clock (includes the queue), or by our own sleeps if it stands still.
          const waited = Math.max(clock.now() - start, slept);
          if (!pacing && waited + waitMs > maxWaitMs[priority]) throw spent(waitMs);
          // Window waits rounded up: wake up inside the next window, not on its last millisecond.
          const sleepMs = pacing ? Math.round(waitMs) : Math.ceil(waitMs) + 1;
          const before = windowNow();
          await clock.sleep(sleepMs);
          slept += sleepMs;
          paced ||= pacing === true;
          // Klaviyo's windows follow a clock that stands still (a frozen simulator): waiting for the
          // next one is waiting forever, so say so now rather than after maxWaitMs.
          if (!pacing && sleepMs >= 50 && windowNow() === before) throw spent(waitMs);
        }
      }
    },

    async observe(permit, headers) {
      const info = parseRateLimitHeaders(headers);
      if (!info) return;
      const receivedAt = windowNow();
      recordRoundTrip(receivedAt - permit.grantedAt);
      if (info.resetSeconds !== null) phase.observe(permit.grantedAt, receivedAt, info.resetSeconds);
      // Only trust Remaining for a request that sent and came back inside one window of Klaviyo's.
      const now = steadyPlacement(receivedAt);
      if (permit.steadyWindow === null || now.old !== null || now.fresh !== permit.steadyWindow) return;
      const ourBudget = budget(permit.endpoint.tier.steady, margin);
      // Keep our margin below what Klaviyo says is left (its limit may also differ from our table).
      const reserve = info.limit - budget(info.limit, margin);
      const target = ourBudget - Math.max(0, info.remaining - reserve);
      await steadyCounter.raiseTo(key(permit.endpoint, permit.steadyWindow), target);
    },

    async hold(endpoint, seconds) {
      const until = Math.ceil(windowNow() + Math.max(0, seconds) * 1000);
      if (until > (await holdCounter.peek(endpoint.id)))
        await holdCounter.set(endpoint.id, until, Math.ceil(seconds) + 1);
    },
  };
}
