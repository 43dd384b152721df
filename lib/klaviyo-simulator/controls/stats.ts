/** Requests and 429s served, per endpoint, for `GET /__simulator/stats` and benchmarks. */
import { JOB_TYPE_INFO, JOB_TYPES } from "@/lib/job-types";

export interface EndpointStats {
  requests: number;
  throttled: number;
}

export interface SimulatorStats {
  total: EndpointStats;
  /** keyed by list path (`/api/catalog-item-bulk-create-jobs`) or get-one path (`…/{id}`) */
  endpoints: Record<string, EndpointStats>;
}

export const ENDPOINT_KEYS: readonly string[] = JOB_TYPES.flatMap((type) => {
  const path = JOB_TYPE_INFO[type].path;
  return [path, `${path}/{id}`];
});

export class StatsRecorder {
  private state: SimulatorStats = StatsRecorder.empty();

  private static empty(): SimulatorStats {
    return {
      total: { requests: 0, throttled: 0 },
      endpoints: Object.fromEntries(ENDPOINT_KEYS.map((key) => [key, { requests: 0, throttled: 0 }])),
    };
  }

  /** Count a request; `endpoint` is null for paths that are no job endpoint. */
  request(endpoint: string | null): void {
    this.state.total.requests++;
    if (endpoint) (this.state.endpoints[endpoint] ??= { requests: 0, throttled: 0 }).requests++;
  }

  throttled(endpoint: string): void {
    this.state.total.throttled++;
    (this.state.endpoints[endpoint] ??= { requests: 0, throttled: 0 }).throttled++;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.state);
  }

  reset(): void {
    this.state = StatsRecorder.empty();
  }
}
