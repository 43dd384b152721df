/**
 * A closed-loop HTTP load: `connections` clients, each sending its next request as soon as the last
 * one is answered, over keep-alive sockets of Node's own HTTP agent, for `seconds`. A request without
 * an answer after `timeoutMs` counts as a timeout and its socket is dropped.
 *
 * Beside autocannon, for a second opinion on the slowest requests. Neither generator is free of
 * 10 s stragglers once the server's core is saturated on a 2-core machine (against the dashboard:
 * autocannon about 3 % of requests, this loop from 0.01 % to 1.4 % between runs), so the bench's
 * generator check runs both against a bare Node server and every report carries that floor.
 */
import { Agent, request } from "node:http";
import { percentile } from "./stats";

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  timeouts: number;
  /** connection errors and timeouts */
  errors: number;
  non2xx: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export async function closedLoop(options: {
  url: string;
  paths: string[];
  connections: number;
  seconds: number;
  timeoutMs?: number;
}): Promise<LoadResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const counts = { timeouts: 0, errors: 0, non2xx: 0 };
  let next = 0;
  const started = Date.now();
  const end = started + options.seconds * 1000;

  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const req = request(new URL(path, options.url), { agent }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - sent);
          if (!res.statusCode || res.statusCode < 200 || res.statusCode > 299) counts.non2xx++;
          resolve();
        });
      });
      req.setTimeout(timeoutMs, () => {
        counts.timeouts++;
        req.destroy(new Error("timeout"));
      });
      req.on("error", () => {
        counts.errors++;
        resolve();
      });
      req.end();
    });

  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end) await once(options.paths[next++ % options.paths.length]!);
    }),
  );
  agent.destroy();
  const round = (ms: number) => Math.round(ms);
  return {
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / ((Date.now() - started) / 1000)),
    timeouts: counts.timeouts,
    errors: counts.errors,
    non2xx: counts.non2xx,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
    },
  };
}
