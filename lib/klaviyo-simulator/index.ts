/**
 * The Klaviyo simulator: a Fetch-API handler (Request → Response) for the nine catalog bulk-job
 * endpoints, list and get-one, as revisions 2026-07-15 and 2026-10-15 describe them (alike for these
 * endpoints; docs/klaviyo.md#revisions), over a seeded catalog-sync
 * history whose jobs advance with a controllable clock. Used in-process by default and over HTTP by
 * `npm run simulator`. No "server-only" here: it also runs under plain node via tsx.
 */
import { createClock, type SimClock } from "./controls/clock";
import { CONTROL_PREFIX, handleControlRequest } from "./controls/control-routes";
import { type FaultController, Faults } from "./controls/faults";
import { type SimulatorStats, StatsRecorder } from "./controls/stats";
import { handleApiRequest } from "./http/handler";
import { RateLimiter } from "./http/rate-limiter";
import { type Dataset, generateDataset } from "./world/dataset";
import { createStore, type SimulatorStore } from "./world/store";

export type { SimClock } from "./controls/clock";
export type { ActiveFault, FaultController, FaultKind, FaultRule } from "./controls/faults";
export { FAULT_STATUSES, faultRuleSchema } from "./controls/faults";
export type { EndpointStats, SimulatorStats } from "./controls/stats";
export { PAGE_SIZE } from "./http/paginate";
export type { JobErrorSnapshot } from "./world/job-state";
export { MAX_IN_PROGRESS, MAX_OPS_PER_JOB } from "./world/schedule";
export type { JobSnapshot, SimulatorStore, SyncSnapshot } from "./world/store";

export interface SimulatorOptions {
  /** seeds the generated history; default 42 */
  seed?: number;
  /** when set, only this exact key is accepted (401 otherwise) */
  apiKey?: string;
  /** anchor time (ms epoch) for the seeded data and the clock; default Date.now() */
  now?: number;
  /** enforce Klaviyo's rate limits; default true (headers are sent either way) */
  rateLimits?: boolean;
  /** simulated ms per real ms; default 1, 0 freezes the clock */
  timeScale?: number;
}

export interface Simulator {
  /** Fetch-API handler; also serves the /__simulator/* control routes */
  handle(request: Request): Promise<Response>;
  clock: SimClock;
  faults: FaultController;
  stats(): SimulatorStats;
  resetStats(): void;
  /** the data the API shows at the clock's current time, for tests that check aggregates */
  store: SimulatorStore;
  readonly seed: number;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = options.seed ?? 42;
  const anchor = options.now ?? Date.now();
  let built: Dataset | null = null;
  const dataset = () => (built ??= generateDataset(seed, anchor));
  const clock = createClock(anchor, options.timeScale ?? 1);
  const faults = new Faults();
  const limiter = new RateLimiter(options.rateLimits ?? true);
  const stats = new StatsRecorder();
  const api = { dataset, clock, faults, limiter, stats, apiKey: options.apiKey };
  const control = { seed, clock, faults, stats, limiter };

  return {
    seed,
    clock,
    faults,
    store: createStore(seed, dataset, clock),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async handle(request) {
      request.signal.throwIfAborted();
      const url = new URL(request.url);
      if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
        return handleControlRequest(control, request, url);
      }
      return handleApiRequest(api, request);
    },
  };
}
