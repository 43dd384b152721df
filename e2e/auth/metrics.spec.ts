import { expect, test } from "@playwright/test";
import { METRICS_TOKEN } from "../../playwright.config";

/*
 * GET /api/metrics behind sign-in: a scraper has no session, only METRICS_TOKEN. The route lets it
 * through the sign-in wall, refuses anyone else, and its counters follow what the dashboard does.
 */

const bearer = { authorization: `Bearer ${METRICS_TOKEN}` };

function sample(text: string, series: string): number {
  const line = text.split("\n").find((row) => row.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test("a scraper with the token reads Prometheus text without signing in; others are refused", async ({ request }) => {
  const scraped = await request.get("/api/metrics", { headers: bearer });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await scraped.text();
  expect(text).toContain("# TYPE dashboard_sign_in_failures_total counter");
  expect(text).toContain("# TYPE klaviyo_upstream_requests_total counter");
  expect(text).toContain("process_resident_memory_bytes");

  const refusals: Record<string, string>[] = [
    {},
    { authorization: "Bearer not-the-metrics-token" },
    { authorization: METRICS_TOKEN },
  ];
  for (const headers of refusals) {
    const refused = await request.get("/api/metrics", { headers });
    expect(refused.status()).toBe(401);
    // The route's own refusal, not the sign-in wall's, and it says nothing more.
    expect(refused.headers()["www-authenticate"]).toBe("Bearer");
    const body = await refused.text();
    expect(body).not.toContain("dashboard_");
    expect(body).not.toMatch(/sign in/i);
  }
});

test("a failed sign-in moves its counter, and answers carry a request id", async ({ request }) => {
  const series = "dashboard_sign_in_failures_total";
  const before = sample(await (await request.get("/api/metrics", { headers: bearer })).text(), series);

  const failed = await request.post("/api/auth/sign-in", {
    form: { password: "not the password at all", next: "/jobs" },
    headers: { "x-forwarded-for": "198.51.100.201", "x-request-id": "e2e-sign-in-1" },
    maxRedirects: 0,
  });
  expect(failed.status()).toBe(303);
  expect(failed.headers().location).toContain("error=invalid");
  expect(failed.headers()["x-request-id"]).toBe("e2e-sign-in-1");

  const after = sample(await (await request.get("/api/metrics", { headers: bearer })).text(), series);
  expect(after).toBe(before + 1);

  const health = await request.get("/api/health");
  expect(health.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
