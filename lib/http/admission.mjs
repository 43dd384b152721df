/**
 * Admission control in front of Next (scripts/server.mjs): at most `maxInFlight` requests are handed
 * to Next at once, at most `maxQueue` more wait for a turn (first come, first served), and any request
 * beyond that is refused at once with 503 and `Retry-After` rather than queued. A request served thus
 * waits behind at most `maxInFlight + maxQueue` others, and one refused is told so within
 * milliseconds, never left to time out. Liveness, readiness, metrics and static files pass without
 * a turn, so health checks are never shed and a page that was served can load its scripts.
 * Plain JavaScript: it runs before Next's compiler has a say. Its figures are kept on globalThis,
 * where GET /api/metrics reads them (lib/observability/metrics.ts).
 */

/** Seconds a refused client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 2;

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
 */

/**
 * @typedef {object} Ticket
 * @property {Promise<void>} admitted resolves when the request may go to Next
 * @property {() => void} done the request is answered or its client left: frees its turn or its place in the queue
 */

const SLOT = Symbol.for("klaviyo-bulk-jobs.admission");

/** @returns {Record<symbol, AdmissionStats | undefined>} */
const holder = () => /** @type {Record<symbol, AdmissionStats | undefined>} */ (/** @type {unknown} */ (globalThis));

/** This process's gate figures, or null when no gate runs in front of Next (e.g. `next dev`). */
export function admissionStats() {
  return holder()[SLOT] ?? null;
}

/**
 * @param {{ maxInFlight: number, maxQueue: number }} limits
 */
export function createAdmission({ maxInFlight, maxQueue }) {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be a whole number ≥ 1");
  if (!Number.isInteger(maxQueue) || maxQueue < 0) throw new RangeError("maxQueue must be a whole number ≥ 0");
  /** @type {Array<() => void>} */
  const waiting = [];
  /** @type {AdmissionStats} */
  const stats = { inFlight: 0, queued: 0, shed: { page: 0, api: 0 }, maxInFlight, maxQueue };

  /** Hands a freed turn to the first one waiting, or gives it back. */
  const handOn = () => {
    const next = waiting.shift();
    stats.queued = waiting.length;
    if (next) next();
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
      let state = /** @type {"waiting" | "admitted" | "finished"} */ ("waiting");
      /** @type {() => void} */
      let admit = () => {};
      const admitted = new Promise((resolve) => {
        admit = () => {
          state = "admitted";
          resolve(undefined);
        };
      });
      const turn = () => admit();
      waiting.push(turn);
      stats.queued = waiting.length;
      return {
        admitted,
        done() {
          if (state === "finished") return;
          if (state === "waiting") {
            // Left before its turn: it takes nobody's place.
            const at = waiting.indexOf(turn);
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

    /** Makes these figures the ones GET /api/metrics reports. */
    publish() {
      holder()[SLOT] = stats;
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
  };
}

/** Renders in flight at once: enough to keep two cores busy while some wait on Klaviyo or the store. */
export const DEFAULT_MAX_IN_FLIGHT = 16;
/** Requests waiting for a turn: a short queue, so that a served request's wait stays bounded. */
export const DEFAULT_MAX_QUEUE = 32;

/**
 * @param {string | undefined} value
 * @param {number} fallback
 */
function wholeSetting(value, fallback) {
  const text = value?.trim() ?? "";
  return text === "" ? fallback : Number(text);
}
