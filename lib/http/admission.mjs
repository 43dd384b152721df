/**
 * Admission control in the front process (scripts/server.mjs), before any request reaches Next: at
 * most `maxInFlight` requests are handed to Next at once, at most `maxQueue` more wait for a turn
 * (first come, first served), and a request beyond that is refused at once with 503 and
 * `Retry-After` rather than queued. A queue that does not move is no better than a full one: while
 * the request at its head has waited longer than `maxWaitMs`, newcomers are refused at once too, and
 * one that waited `QUEUE_GIVE_UP` times that long is refused where it stands. So a request served
 * waits a bounded time, and one refused is mostly told within milliseconds, never left to time out.
 * Liveness, readiness, metrics and static files pass without a turn, so health checks are never shed
 * and a page that was served can load its scripts.
 * Plain JavaScript: it runs before Next's compiler has a say. The front sends its figures to the Next
 * process with each metrics scrape (ADMISSION_STATS_HEADER), where GET /api/metrics reads them
 * (lib/observability/metrics.ts).
 */

/** Seconds a refused client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 2;

/** The header on which the front hands its figures to the Next process with a metrics scrape. */
export const ADMISSION_STATS_HEADER = "x-dashboard-admission";

/** A waiting request this many times `maxWaitMs` old is refused where it stands. */
export const QUEUE_GIVE_UP = 4;

/** Paths that never wait for a turn: probes, the scraper, and immutable build files. */
const BYPASS_EXACT = new Set(["/api/health", "/api/ready", "/api/metrics", "/favicon.ico"]);
const BYPASS_PREFIX = ["/_next/static/"];

/** @param {string} pathname */
export function bypassesAdmission(pathname) {
  return BYPASS_EXACT.has(pathname) || BYPASS_PREFIX.some((prefix) => pathname.startsWith(prefix));
}

/**
 * @typedef {object} AdmissionStats
 * @property {number} inFlight requests handed to Next and not yet answered
 * @property {number} queued requests waiting for a turn
 * @property {{ page: number, api: number }} shed requests refused since the process started, pages and API apart
 * @property {number} maxInFlight
 * @property {number} maxQueue
 * @property {number} maxWaitMs
 */

/**
 * @typedef {object} Ticket
 * @property {Promise<void>} admitted resolves when the request may go to Next
 * @property {() => void} done the request is answered or its client left: frees its turn or its place in the queue
 * @property {Promise<void>} [expired] (waiting tickets) resolves if the request waited too long: refuse it, then call `done`
 */

const SLOT = Symbol.for("klaviyo-bulk-jobs.admission");

/** @returns {Record<symbol, AdmissionStats | undefined>} */
const holder = () => /** @type {Record<symbol, AdmissionStats | undefined>} */ (/** @type {unknown} */ (globalThis));

/** The front's gate figures as of the last metrics scrape, or null when no gate runs (e.g. `next dev`). */
export function admissionStats() {
  return holder()[SLOT] ?? null;
}

/** @param {AdmissionStats} stats the front's figures, which GET /api/metrics then reports */
export function publishAdmissionStats(stats) {
  holder()[SLOT] = stats;
}

/**
 * @param {{ maxInFlight: number, maxQueue: number, maxWaitMs?: number, now?: () => number }} limits
 */
export function createAdmission({ maxInFlight, maxQueue, maxWaitMs = DEFAULT_MAX_WAIT_MS, now = Date.now }) {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be a whole number ≥ 1");
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new RangeError("maxQueue must be a whole number ≥ 0");
  if (!Number.isInteger(maxWaitMs) || maxWaitMs < 1) throw new RangeError("maxWaitMs must be a whole number ≥ 1");
  /** @type {Array<{ turn: () => void, since: number }>} */
  const waiting = [];
  /** @type {AdmissionStats} */
  const stats = { inFlight: 0, queued: 0, shed: { page: 0, api: 0 }, maxInFlight, maxQueue, maxWaitMs };

  /** Hands a freed turn to the first one waiting, or gives it back. */
  const handOn = () => {
    const next = waiting.shift();
    stats.queued = waiting.length;
    if (next) next.turn();
    else stats.inFlight--;
  };

  return {
    stats,

    /**
     * A turn now, a place in the queue, or null: the caller refuses the request (and calls `shed`).
     * @returns {Ticket | null}
     */
    enter() {
      if (stats.inFlight < maxInFlight) {
        stats.inFlight++;
        let finished = false;
        return {
          admitted: Promise.resolve(),
          done() {
            if (finished) return;
            finished = true;
            handOn();
          },
        };
      }
      if (waiting.length >= maxQueue) return null;
      // The queue is stuck (a long render, the store busy): joining it would mean a long wait.
      if (waiting.length > 0 && now() - waiting[0].since > maxWaitMs) return null;
      let state = /** @type {"waiting" | "admitted" | "finished"} */ ("waiting");
      /** @type {() => void} */
      let admit = () => {};
      const admitted = new Promise((resolve) => {
        admit = () => {
          state = "admitted";
          resolve(undefined);
        };
      });
      const entry = { turn: () => admit(), since: now() };
      waiting.push(entry);
      stats.queued = waiting.length;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const expired = new Promise((resolve) => {
        timer = setTimeout(() => state === "waiting" && resolve(undefined), maxWaitMs * QUEUE_GIVE_UP);
        timer.unref?.();
      });
      admitted.then(() => clearTimeout(timer));
      return {
        admitted,
        expired,
        done() {
          if (state === "finished") return;
          clearTimeout(timer);
          if (state === "waiting") {
            // Left before its turn (or gave up waiting): it takes nobody's place.
            const at = waiting.indexOf(entry);
            if (at >= 0) waiting.splice(at, 1);
            stats.queued = waiting.length;
          } else {
            handOn();
          }
          state = "finished";
        },
      };
    },

    /** @param {"page" | "api"} kind */
    shed(kind) {
      stats.shed[kind]++;
    },
  };
}

/** @typedef {ReturnType<typeof createAdmission>} Admission */

/**
 * The gate's settings from the environment: MAX_IN_FLIGHT and MAX_QUEUE, whole numbers (blank means
 * the default). lib/env.ts validates the same variables with the rest of the configuration.
 * @param {Record<string, string | undefined>} env
 */
export function admissionLimits(env) {
  return {
    maxInFlight: wholeSetting(env.MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT),
    maxQueue: wholeSetting(env.MAX_QUEUE, DEFAULT_MAX_QUEUE),
    maxWaitMs: wholeSetting(env.MAX_QUEUE_WAIT_MS, DEFAULT_MAX_WAIT_MS),
  };
}

/** Renders in flight at once: enough to keep two cores busy while some wait on Klaviyo or the store. */
export const DEFAULT_MAX_IN_FLIGHT = 16;
/** Requests waiting for a turn: a short queue, so that a served request's wait stays bounded. */
export const DEFAULT_MAX_QUEUE = 32;
/** How long the head of the queue may wait before newcomers are refused at once. */
export const DEFAULT_MAX_WAIT_MS = 1_000;

/**
 * @param {string | undefined} value
 * @param {number} fallback
 */
function wholeSetting(value, fallback) {
  const text = value?.trim() ?? "";
  return text === "" ? fallback : Number(text);
}
