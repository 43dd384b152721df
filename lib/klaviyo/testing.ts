/**
 * Fakes shared by the lib/klaviyo tests (not a test file itself): a manual clock, Klaviyo-shaped
 * documents, a scriptable transport that records what it was asked, and a client of an in-process
 * simulator for the tests of what reads through one (the collector, alerts).
 */
import type { Simulator } from "../klaviyo-simulator";
import { TEST_KEY } from "../klaviyo-simulator/testing";
import { createKlaviyoClient, type KlaviyoClient, type KlaviyoClientConfig } from "./client";
import { type Clock, systemClock } from "./clock";
import type { Transport } from "./upstream-fetch";
import { createWindowLimiter } from "./window-limiter";

/** 2026-11-28T12:00:00.100Z: 100 ms into a fresh minute, clear of the limiter's end-of-window guards. */
export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0, 100);

export interface FakeClock extends Clock {
  advance(ms: number): void;
  slept: number[];
}

/** Sleeping moves time forward at once, so waits are measured without waiting. */
export function fakeClock(start = T0): FakeClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    slept,
  };
}

export function jobResource(overrides: { id?: string; status?: string; attributes?: Record<string, unknown> } = {}) {
  return {
    type: "catalog-item-bulk-create-job",
    id: overrides.id ?? "01GSQPBF74KQ5YTDEPP41T1BZH",
    attributes: {
      status: overrides.status ?? "processing",
      created_at: "2026-11-28T11:00:00+00:00",
      total_count: 10,
      completed_count: 9,
      failed_count: 1,
      completed_at: null,
      expires_at: "2026-12-05T11:00:00+00:00",
      errors: [
        {
          id: "e4eebb08-b055-4a6f-bb13-c8cb69c9eb94",
          code: "invalid",
          title: "Invalid input",
          detail: "The payload provided in the request is invalid.",
          source: { pointer: "/data/3/attributes/price" },
        },
      ],
      ...overrides.attributes,
    },
    relationships: {
      items: { data: [{ type: "catalog-item", id: "$custom:::$default:::SKU-1" }] },
    },
    links: { self: "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01GSQPBF74KQ5YTDEPP41T1BZH" },
  };
}

export function jsonApi(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": "application/vnd.api+json", ...init.headers },
  });
}

export function throttled(retryAfter: number | null, detailSeconds = 1): Response {
  return jsonApi(
    {
      errors: [
        {
          id: "8c8f4aea-7289-4a13-b697-5dd5dde38f1e",
          status: 429,
          code: "throttled",
          title: "Request was throttled.",
          detail: `Request was throttled. Expected available in ${detailSeconds} second${detailSeconds === 1 ? "" : "s"}.`,
        },
      ],
    },
    { status: 429, headers: retryAfter === null ? {} : { "Retry-After": String(retryAfter) } },
  );
}

export interface ScriptedTransport {
  transport: Transport;
  requests: Request[];
}

/** Answers from `script` in order (the last one repeats); records every request. */
export function scriptedTransport(script: Array<Response | (() => Response | Promise<Response>)>): ScriptedTransport {
  const requests: Request[] = [];
  return {
    requests,
    transport: async (request) => {
      const step = script[Math.min(requests.length, script.length - 1)];
      requests.push(request);
      if (!step) throw new Error("empty script");
      return typeof step === "function" ? step() : step.clone();
    },
  };
}

/**
 * A client of `simulator` with a budget of its own and no cache, so every read sees the simulator's
 * present, not a cached past; `overrides` replace any of its settings.
 */
export function simulatorClient(simulator: Simulator, overrides: Partial<KlaviyoClientConfig> = {}): KlaviyoClient {
  return createKlaviyoClient({
    upstream: "simulator",
    baseUrl: "https://a.klaviyo.com",
    apiKey: TEST_KEY,
    revision: "2026-07-15",
    transport: (request) => simulator.handle(request),
    limiter: createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `simulator-client-${Math.random()}`,
      clock: systemClock,
    }),
    random: () => 0,
    ttl: { listMs: 0, runningJobMs: 0, finishedJobMs: 0 },
    ...overrides,
  });
}
