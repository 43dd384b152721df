/**
 * Klaviyo calls of this process, counted per endpoint for the status page: per second for the last
 * minute and per minute for the last hour, people's calls apart from background work's, with the 429s
 * Klaviyo answered, the reads our own limiter refused, and the last `RateLimit-Remaining` seen.
 * In memory only (a restart starts from zero); ONE recorder per process, kept on globalThis like the
 * metrics registry, since Next loads modules once per layer.
 */

export type CallPriority = "person" | "background";

interface Bucket {
  /** the second (or minute) since the epoch this bucket counts; another value means it is stale */
  stamp: number;
  person: number;
  background: number;
  throttled: number;
  refused: number;
}

interface EndpointCalls {
  seconds: Bucket[];
  minutes: Bucket[];
  lastThrottledAt: number | null;
  lastRefusedAt: number | null;
  remaining: { value: number; at: number } | null;
}

export interface CallCounts {
  person: number;
  background: number;
}

export interface EndpointSnapshot {
  endpoint: string;
  lastMinute: CallCounts;
  lastHour: CallCounts;
  /** the most calls (people and background) in one second of the last minute */
  busiestSecond: number;
  throttledLastHour: number;
  lastThrottledAt: string | null;
  /** reads our limiter answered rate_limited without asking Klaviyo */
  refusedLastHour: number;
  lastRefusedAt: string | null;
  remaining: { value: number; at: string } | null;
}

export interface MinuteCalls extends CallCounts {
  /** the minute's start */
  at: string;
  throttled: number;
}

const SECONDS = 60;
const MINUTES = 60;

const empty = (): Bucket => ({ stamp: -1, person: 0, background: 0, throttled: 0, refused: 0 });

/** The bucket for `stamp` in a ring, emptied first when it last counted an older period. */
function bucketAt(ring: Bucket[], stamp: number): Bucket {
  const index = stamp % ring.length;
  let bucket = ring[index];
  if (!bucket || bucket.stamp !== stamp) {
    bucket = { ...empty(), stamp };
    ring[index] = bucket;
  }
  return bucket;
}

/** Buckets of the last `span` periods up to `stamp` (the current one included). */
function recent(ring: Bucket[], stamp: number, span: number): Bucket[] {
  return ring.filter((b) => b.stamp > stamp - span && b.stamp <= stamp);
}

const sum = (buckets: Bucket[], pick: (b: Bucket) => number) => buckets.reduce((n, b) => n + pick(b), 0);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An answer that says Klaviyo is in trouble (or not answering): a 429, a 5xx, a timeout, no connection. */
export function isTroubleOutcome(outcome: number | string): boolean {
  return typeof outcome !== "number" || outcome === 429 || outcome >= 500;
}

export function createCallRecorder(now: () => number = Date.now) {
  const endpoints = new Map<string, EndpointCalls>();
  /** the first of the attempts since the last good answer, when all of them were trouble */
  let troubleSince: number | null = null;
  const ring = (length: number) => Array.from({ length }, empty);
  const calls = (endpoint: string): EndpointCalls => {
    let entry = endpoints.get(endpoint);
    if (!entry) {
      entry = {
        seconds: ring(SECONDS),
        minutes: ring(MINUTES),
        lastThrottledAt: null,
        lastRefusedAt: null,
        remaining: null,
      };
      endpoints.set(endpoint, entry);
    }
    return entry;
  };

  return {
    /** One attempt sent to Klaviyo, whatever came of it (a status, a timeout, no connection). */
    called(endpoint: string, priority: CallPriority, outcome: number | string): void {
      const at = now();
      const entry = calls(endpoint);
      for (const b of [
        bucketAt(entry.seconds, Math.floor(at / 1000)),
        bucketAt(entry.minutes, Math.floor(at / 60_000)),
      ]) {
        b[priority]++;
        if (outcome === 429) b.throttled++;
      }
      if (outcome === 429) entry.lastThrottledAt = at;
      if (!isTroubleOutcome(outcome)) troubleSince = null;
      else troubleSince ??= at;
    },

    /** Since when every attempt, on any endpoint, has been answered 429/5xx or not at all; null once one is answered. */
    troubleSince(): number | null {
      return troubleSince;
    },

    /** A read our limiter refused (no budget within the wait its priority is given): Klaviyo was not asked. */
    refused(endpoint: string): void {
      const at = now();
      const entry = calls(endpoint);
      bucketAt(entry.minutes, Math.floor(at / 60_000)).refused++;
      entry.lastRefusedAt = at;
    },

    /** Klaviyo's `RateLimit-Remaining` on an answer: what is left of the endpoint's steady window. */
    remaining(endpoint: string, value: number): void {
      calls(endpoint).remaining = { value, at: now() };
    },

    snapshot(): { endpoints: EndpointSnapshot[]; minutes: MinuteCalls[] } {
      const at = now();
      const second = Math.floor(at / 1000);
      const minute = Math.floor(at / 60_000);
      const result: EndpointSnapshot[] = [];
      const perMinute = new Map<number, MinuteCalls>();
      for (let m = minute - MINUTES + 1; m <= minute; m++) {
        perMinute.set(m, { at: new Date(m * 60_000).toISOString(), person: 0, background: 0, throttled: 0 });
      }
      for (const [endpoint, entry] of endpoints) {
        const seconds = recent(entry.seconds, second, SECONDS);
        const minutes = recent(entry.minutes, minute, MINUTES);
        for (const b of minutes) {
          const total = perMinute.get(b.stamp);
          if (!total) continue;
          total.person += b.person;
          total.background += b.background;
          total.throttled += b.throttled;
        }
        result.push({
          endpoint,
          lastMinute: { person: sum(seconds, (b) => b.person), background: sum(seconds, (b) => b.background) },
          lastHour: { person: sum(minutes, (b) => b.person), background: sum(minutes, (b) => b.background) },
          busiestSecond: Math.max(0, ...seconds.map((b) => b.person + b.background)),
          throttledLastHour: sum(minutes, (b) => b.throttled),
          lastThrottledAt: iso(entry.lastThrottledAt),
          refusedLastHour: sum(minutes, (b) => b.refused),
          lastRefusedAt: iso(entry.lastRefusedAt),
          remaining: entry.remaining && {
            value: entry.remaining.value,
            at: new Date(entry.remaining.at).toISOString(),
          },
        });
      }
      return { endpoints: result, minutes: [...perMinute.values()] };
    },
  };
}

export type CallRecorder = ReturnType<typeof createCallRecorder>;

const SLOT = Symbol.for("klaviyo-bulk-jobs.call-recorder");
type Slot = { [SLOT]?: CallRecorder };

export function callRecorder(): CallRecorder {
  const holder = globalThis as typeof globalThis & Slot;
  holder[SLOT] ??= createCallRecorder();
  return holder[SLOT];
}
