import { type APIRequestContext, expect, test } from "@playwright/test";
import { expectRefused, fuzzCases } from "../fuzz-inputs";
import { simulator } from "../testing";

/*
 * Thousands of random and hostile inputs against every API route: only 400 or 404 with the JSON
 * envelope, never a 5xx, and no upstream call for input that is invalid by construction.
 */

async function upstreamRequests(request: APIRequestContext): Promise<number> {
  const stats = (await (await simulator(request, "GET", "/__simulator/stats")).json()) as {
    total: { requests: number };
  };
  return stats.total.requests;
}

test("invalid query strings, paths and headers: 400/404 envelopes, no 5xx, no upstream call", async ({ request }) => {
  test.setTimeout(180_000);
  const before = await upstreamRequests(request);
  const cases = fuzzCases(20261128);

  for (const { url, headers } of cases) {
    const response = await request.get(url, { headers, failOnStatusCode: false });
    const status = response.status();
    expect(status, url).toBeLessThan(500);
    const body: unknown = await response.json().catch(() => "not JSON");
    expectRefused(status, response.headers()["content-type"], body, url);
  }
  expect(cases.length).toBeGreaterThanOrEqual(2400);
  expect(await upstreamRequests(request), "upstream calls made for invalid input").toBe(before);
});

test("well-formed ids that do not exist are asked of Klaviyo once and answer 404", async ({ request }) => {
  const before = await upstreamRequests(request);
  for (const id of ["01AAAAAAAAAAAAAAAAAAAAAAAA", "unknown_job-1"]) {
    const response = await request.get(`/api/jobs/item-delete/${id}`, { failOnStatusCode: false });
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  }
  expect(await upstreamRequests(request)).toBe(before + 2);
});
