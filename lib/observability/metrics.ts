/**
 * The process's Prometheus metrics, served by GET /api/metrics. ONE registry, kept on globalThis: Next
 * loads modules once per layer (route handlers, server components, instrumentation), and each layer
 * must count into the same series. Other rooms add gauges read at scrape time with `registerGauge`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { admissionStats } from "@/lib/http/admission.mjs";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    upstreamRequests: new Counter({
      name: "klaviyo_upstream_requests_total",
      help: "Requests sent to Klaviyo, each attempt once, by endpoint and status (or timeout, network).",
      labelNames: ["endpoint", "status"] as const,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: "klaviyo_upstream_request_duration_seconds",
      help: "Time from sending one attempt to Klaviyo to having its whole answer, by endpoint.",
      labelNames: ["endpoint"] as const,
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    limiterWait: new Histogram({
      name: "klaviyo_limiter_wait_seconds",
      help: "Time a request waited for rate-limit budget before going out (or being refused), by priority.",
      labelNames: ["priority"] as const,
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
      registers,
    }),
    cacheHits: new Counter({
      name: "dashboard_cache_hits_total",
      help: "Reads of Klaviyo data answered from the in-process cache or an identical request in flight.",
      labelNames: ["cache"] as const,
      registers,
    }),
    cacheMisses: new Counter({
      name: "dashboard_cache_misses_total",
      help: "Reads of Klaviyo data that had to ask Klaviyo.",
      labelNames: ["cache"] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: "dashboard_rate_limited_total",
      help: "Reads for a person answered rate_limited (no budget left within the wait a person is given).",
      registers,
    }),
    signInFailures: new Counter({
      name: "dashboard_sign_in_failures_total",
      help: "Sign-in attempts with a wrong name or password.",
      registers,
    }),
    // The admission gate in front of Next (scripts/server.mjs) counts; these read its figures at scrape time.
    requestsShed: new Counter({
      name: "dashboard_requests_shed_total",
      help: "Requests refused with 503 and Retry-After because too many were in flight and waiting, pages and API apart.",
      labelNames: ["kind"] as const,
      registers,
      collect() {
        const stats = admissionStats();
        if (!stats) return;
        this.reset();
        this.inc({ kind: "page" }, stats.shed.page);
        this.inc({ kind: "api" }, stats.shed.api);
      },
    }),
    requestsInFlight: new Gauge({
      name: "dashboard_requests_in_flight",
      help: "Requests handed to Next and not yet answered (health, readiness, metrics and static files aside).",
      registers,
      collect() {
        const stats = admissionStats();
        if (stats) this.set(stats.inFlight);
      },
    }),
    requestsQueued: new Gauge({
      name: "dashboard_requests_queued",
      help: "Requests waiting for a turn to be handed to Next.",
      registers,
      collect() {
        const stats = admissionStats();
        if (stats) this.set(stats.queued);
      },
    }),
    signInThrottled: new Counter({
      name: "dashboard_sign_in_throttled_total",
      help: "Sign-in attempts refused before checking the password, by lane.",
      labelNames: ["lane"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const SLOT = Symbol.for("klaviyo-bulk-jobs.metrics");
type Slot = { [SLOT]?: Metrics };

export function metrics(): Metrics {
  const holder = globalThis as typeof globalThis & Slot;
  holder[SLOT] ??= create();
  return holder[SLOT];
}

/**
 * A gauge whose value is read when Prometheus scrapes (e.g. a store's row count, a collector's lag).
 * Registering a name twice (another module layer, a reloaded module) keeps the first gauge.
 */
export function registerGauge<L extends string = never>(options: {
  name: string;
  help: string;
  labelNames?: readonly L[];
  collect: (gauge: Gauge<L>) => void | Promise<void>;
}): Gauge<L> {
  const { registry } = metrics();
  const existing = registry.getSingleMetric(options.name);
  if (existing) return existing as Gauge<L>;
  const { collect } = options;
  return new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [registry],
    async collect() {
      await collect(this);
    },
  });
}
