/**
 * Collector passes against a busy account: the simulator in this process (its clock moved 5 s
 * between passes, as the collector paces itself while jobs run) and an embedded store. Once the
 * backfill is done, each pass re-reads the newest page of every type and the running jobs' lists;
 * the figures say how many rows a pass writes and how long it takes, with unchanged jobs left alone
 * until their last sighting is SEEN_REFRESH_MS old (today) and with every answer written (before),
 * in the same run on the same data.
 */
import { performance } from "node:perf_hooks";
import { Collector } from "../../lib/collector/collector";
import { simulatorClient } from "../../lib/klaviyo/testing";
import { frozenSimulator, TEST_KEY } from "../../lib/klaviyo-simulator/testing";
import { SEEN_REFRESH_MS } from "../../lib/store/jobs";
import { ACCOUNT, embeddedPlace } from "./history";
import { percentile } from "./stats";

export interface CollectorFigures {
  setting: string;
  passes: number;
  rowsWrittenPerPass: { p50: number; max: number };
  passMs: { p50: number; p90: number; max: number };
  callsPerPass: number;
}

const PACE_MS = 5_000;

async function measure(setting: string, seenRefreshMs: number, passes: number): Promise<CollectorFigures> {
  const simulator = frozenSimulator({ seed: 11, apiKey: TEST_KEY, rateLimits: false });
  const client = simulatorClient(simulator);
  const place = embeddedPlace();
  const store = await place.open();
  try {
    const collector = new Collector({
      db: store.db,
      account: ACCOUNT,
      now: () => simulator.clock.now(),
      seenRefreshMs,
      source: {
        listJobs: (query) => client.listJobs(query, "background"),
        getJob: (query) => client.getJob(query, "background"),
      },
    });
    // The backfill (every page of every type) until a pass finds nothing older to read.
    for (let i = 0; i < 20; i++) {
      const report = await collector.pass();
      simulator.clock.set(simulator.clock.now() + PACE_MS);
      if (report.added === 0) break;
    }
    const written: number[] = [];
    const ms: number[] = [];
    let calls = 0;
    for (let i = 0; i < passes; i++) {
      const started = performance.now();
      const report = await collector.pass();
      ms.push(performance.now() - started);
      written.push(report.added + report.updated);
      calls += report.calls;
      simulator.clock.set(simulator.clock.now() + PACE_MS);
    }
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      setting,
      passes,
      rowsWrittenPerPass: { p50: percentile(written, 50), max: Math.max(...written) },
      passMs: { p50: round(percentile(ms, 50)), p90: round(percentile(ms, 90)), max: round(Math.max(...ms)) },
      callsPerPass: Math.round(calls / passes),
    };
  } finally {
    await store.close();
    await place.remove();
  }
}

export async function runCollectorBench(options: { passes?: number } = {}): Promise<CollectorFigures[]> {
  const passes = options.passes ?? 24;
  return [
    await measure("every answer written (before)", 0, passes),
    await measure(`unchanged jobs left for ${SEEN_REFRESH_MS / 60_000} min (now)`, SEEN_REFRESH_MS, passes),
  ];
}

export function collectorTable(figures: CollectorFigures[]) {
  return figures.map((f) => ({
    setting: f.setting,
    passes: f.passes,
    "rows written / pass (p50, max)": `${f.rowsWrittenPerPass.p50} / ${f.rowsWrittenPerPass.max}`,
    "pass ms p50 / p90 / max": `${f.passMs.p50} / ${f.passMs.p90} / ${f.passMs.max}`,
    "calls / pass": f.callsPerPass,
  }));
}
