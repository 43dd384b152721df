/**
 * Load run: 200 concurrent clients for 60 s on the list and detail routes of a production build,
 * talking over HTTP to the standalone simulator at its real tiers. Reports errors, p50/p99 latency,
 * the upstream calls it caused against what the tier allows, 429s served upstream, and server memory.
 */
import autocannon from "autocannon";
import type { JobPage } from "../../lib/types";
import { rssMiB, startDashboard, startSimulator } from "./servers";

interface Counts {
  requests: number;
  throttled: number;
}

export async function runLoadBench(options: { seconds?: number; connections?: number } = {}) {
  const seconds = options.seconds ?? 60;
  const connections = options.connections ?? 200;
  const simulator = await startSimulator();
  const dashboard = await startDashboard({ KLAVIYO_API_KEY: "pk_bench_load_key", KLAVIYO_BASE_URL: simulator.url });
  try {
    const page = (await (await fetch(`${dashboard.url}/api/jobs?type=item-create`)).json()) as JobPage;
    const ids = page.jobs.slice(0, 20).map((j) => j.id);
    const paths = [
      "/api/jobs?type=item-create",
      "/api/jobs?type=item-create&status=complete",
      "/api/jobs?type=variant-update",
      ...ids.map((id) => `/api/jobs/item-create/${id}`),
    ];
    const statsBefore = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    const memoryBefore = rssMiB(dashboard.pid);
    let peakMemory = memoryBefore;
    const sampler = setInterval(() => (peakMemory = Math.max(peakMemory, rssMiB(dashboard.pid))), 1000);
    let index = 0;
    const result = await autocannon({
      url: dashboard.url,
      connections,
      duration: seconds,
      requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: paths[index++ % paths.length]! }) }],
    });
    clearInterval(sampler);
    const statsAfter = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    const upstream = statsAfter.total.requests - statsBefore.total.requests;
    // The item-create list and get-one are separate 75/s, 750/min endpoints; variant-update is a third.
    const allowedPerEndpoint = 750 * Math.ceil(seconds / 60);
    return {
      seconds,
      connections,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      // autocannon's `errors` already includes its timeouts (10 s without an answer).
      errors: result.errors + result.non2xx,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      upstreamCalls: upstream,
      upstreamAllowedPerEndpointByTier: allowedPerEndpoint,
      upstream429s: statsAfter.total.throttled - statsBefore.total.throttled,
      serverRssMiB: { before: memoryBefore, peak: peakMemory, after: rssMiB(dashboard.pid) },
    };
  } finally {
    await dashboard.stop();
    await simulator.stop();
  }
}
