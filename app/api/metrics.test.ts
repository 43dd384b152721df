/**
 * GET /api/metrics: absent without METRICS_TOKEN, refused without the right bearer token, and with it
 * Prometheus text whose counters move as the dashboard works.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobResource, jsonApi } from "@/lib/klaviyo/testing";

const TOKEN = "metrics-token-for-tests-0123";

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "pk_metrics_test_key");
  vi.stubEnv("KLAVIYO_BASE_URL", "https://a.klaviyo.com");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("METRICS_TOKEN", TOKEN);
  vi.stubGlobal("fetch", async () => jsonApi({ data: [jobResource()], links: { self: "x", next: null, prev: null } }));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

async function load() {
  (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
  return {
    scrape: (await import("./metrics/route")).GET,
    list: (await import("./jobs/route")).GET,
    observability: await import("@/lib/observability/metrics"),
  };
}

const get = (authorization?: string) =>
  new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} });

/** The value of one series in Prometheus text, 0 when it is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((row) => row.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    vi.stubEnv("METRICS_TOKEN", "");
    const { scrape } = await load();
    const response = await scrape(get(`Bearer ${TOKEN}`));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });

  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", "Bearer metrics-token-for-tests-0124"],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token without the Bearer scheme", TOKEN],
    ["an empty bearer", "Bearer "],
  ])("refuses %s with a bare 401", async (_label, authorization) => {
    const { scrape } = await load();
    const response = await scrape(get(authorization));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    const text = await response.text();
    expect(text).not.toContain("klaviyo_");
    expect(text).not.toContain(TOKEN);
  });

  it("serves Prometheus text whose upstream counter moved after a request", async () => {
    const { scrape, list } = await load();
    const series = 'klaviyo_upstream_requests_total{endpoint="item-delete:list",status="200"}';
    const before = sample(await (await scrape(get(`Bearer ${TOKEN}`))).text(), series);
    expect((await list(new Request("http://localhost/api/jobs?type=item-delete"))).status).toBe(200);

    const response = await scrape(get(`Bearer ${TOKEN}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(sample(text, series)).toBe(before + 1);
    const hits = 'dashboard_cache_hits_total{cache="list"}';
    expect(sample(text, 'dashboard_cache_misses_total{cache="list"}')).toBeGreaterThan(0);
    // The same page again within its TTL is a cache hit, not a second call.
    await list(new Request("http://localhost/api/jobs?type=item-delete"));
    const again = await (await scrape(get(`Bearer ${TOKEN}`))).text();
    expect(sample(again, hits)).toBe(sample(text, hits) + 1);
    expect(sample(again, series)).toBe(before + 1);
    expect(text).toContain('klaviyo_limiter_wait_seconds_count{priority="person"}');
    expect(text).toContain("klaviyo_upstream_request_duration_seconds_bucket");
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("lets other rooms add gauges read at scrape time, once per name", async () => {
    const { scrape, observability } = await load();
    let rows = 7;
    const gauge = observability.registerGauge({
      name: "test_store_rows",
      help: "Rows in a test store.",
      collect: (g) => g.set(rows),
    });
    expect(observability.registerGauge({ name: "test_store_rows", help: "again", collect: () => {} })).toBe(gauge);
    expect(sample(await (await scrape(get(`Bearer ${TOKEN}`))).text(), "test_store_rows")).toBe(7);
    rows = 9;
    expect(sample(await (await scrape(get(`Bearer ${TOKEN}`))).text(), "test_store_rows")).toBe(9);
  });
});
