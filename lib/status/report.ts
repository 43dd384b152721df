/**
 * What GET /api/status answers and the status page shows: this process's Klaviyo calls per endpoint
 * against the dashboard's caps and Klaviyo's limits, jobs in progress against Klaviyo's cap, and the
 * state of Redis, the job-history store and the collector. Types only, shared by server and browser.
 */
import type { JobType, RateTier } from "@/lib/job-types";
import type { EndpointSnapshot, MinuteCalls } from "@/lib/observability/call-recorder";

export type { CallCounts, EndpointSnapshot, MinuteCalls } from "@/lib/observability/call-recorder";

export interface LastError {
  message: string;
  at: string;
}

export interface EndpointStatus extends Omit<EndpointSnapshot, "endpoint"> {
  /** the client's endpoint id, e.g. `item-create:list` */
  endpoint: string;
  type: JobType;
  operation: "list" | "get";
  /** Klaviyo's own: per second (burst) and per minute (steady) */
  limits: RateTier;
  /** the most the dashboard spends (KLAVIYO_SHARE of the limits), people and background together */
  dashboardCap: RateTier;
  /** the most background work spends (COLLECTOR_SHARE of the limits) */
  backgroundCap: RateTier;
}

export interface StatusReport {
  /** when the server read this */
  at: string;
  shares: { dashboard: number; collector: number };
  endpoints: EndpointStatus[];
  /** calls per minute over the last hour, every endpoint together */
  minutes: MinuteCalls[];
  inProgress: { count: number | null; cap: number; note: string | null };
  redis: { state: "none" | "ready" | "down"; lastError: LastError | null };
  store: {
    state: "opening" | "open" | "unreachable";
    engine: string | null;
    reachable: boolean;
    jobs: number | null;
    /** where the history starts (as every page's history note says); null until the collector noted it */
    historySince: string | null;
    lastError: LastError | null;
  };
  collector: {
    role: "off" | "starting" | "leader" | "standby" | "stopped";
    lastPassAt: string | null;
    lastPassCalls: number | null;
    /** seconds since the last pass ended */
    lagSeconds: number | null;
    nextPassAt: string | null;
    lastError: LastError | null;
  };
}
