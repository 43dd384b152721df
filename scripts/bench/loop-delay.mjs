/*
 * Preloaded into a server under load (NODE_OPTIONS=--import): every second, appends how long its
 * event loop was late in that second to BENCH_LOOP_DELAY_DIR/<pid>.ndjson. A loop that is late is a
 * process busy computing, so requests wait before any of their own work starts.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

const dir = process.env.BENCH_LOOP_DELAY_DIR;
if (dir) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const file = join(dir, `${process.pid}.ndjson`);
  const ms = (ns) => Math.round(ns / 1e5) / 10;
  setInterval(() => {
    const line = {
      at: Date.now(),
      title: process.title,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    histogram.reset();
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // the bench removed its folder: nothing to report to
    }
  }, 1000).unref();
}
