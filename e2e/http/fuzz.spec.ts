import { type APIRequestContext, expect, test } from "@playwright/test";
import { simulator } from "../testing";

/*
 * Thousands of random and hostile inputs against every API route: only 400 or 404 with the JSON
 * envelope, never a 5xx, and no upstream call for input that is invalid by construction.
 */

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "😀".repeat(20),
  "https://evil.example/steal",
  "//evil.example",
  'equals(status,"complete")',
  "a".repeat(3000),
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "item-create\r\nX-Injected: 1",
  " ",
  "",
];

async function upstreamRequests(request: APIRequestContext): Promise<number> {
  const stats = (await (await simulator(request, "GET", "/__simulator/stats")).json()) as {
    total: { requests: number };
  };
  return stats.total.requests;
}

function expectEnvelope(status: number, body: unknown, allowed: number[], context: string) {
  expect(allowed, `${context} → ${status}`).toContain(status);
  expect(body, context).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

test("invalid query strings, paths and headers: 400/404 envelopes, no 5xx, no upstream call", async ({ request }) => {
  test.setTimeout(180_000);
  const random = prng(20261128);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const junk = () =>
    random() < 0.5
      ? pick(HOSTILE)
      : Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
          String.fromCharCode(32 + Math.floor(random() * 0x2fff)),
        ).join("");
  const before = await upstreamRequests(request);
  const cases: { url: string; headers?: Record<string, string> }[] = [];

  for (let i = 0; i < 900; i++) {
    // Every list query below is invalid: a bad type, a bad status, a cursor with URL characters, or an unknown key.
    const params = new URLSearchParams();
    const mode = i % 4;
    if (mode === 0) params.set("type", junk() + "-x");
    if (mode === 1) params.set("status", pick(["failed", "COMPLETE", "all", junk() + "!"]));
    if (mode === 2)
      params.set(
        "cursor",
        pick(["https://a.klaviyo.com/api?page[cursor]=x", "../x", "a b", "<c>", "%", "x".repeat(2000)]),
      );
    // Next drops a `__proto__` query key before route handlers see it (the request is then valid),
    // so that one key is left to the unit tests of lib/jobs/schemas.server.
    const key = junk().replace(/^__proto__$/, "proto") || "k";
    if (mode === 3) params.set(pick(["page[size]", "filter", "sort", "include", "fields[catalog-item]", key]), junk());
    if (random() < 0.3) params.append("type", "item-create");
    cases.push({ url: `/api/jobs?${params}` });
  }
  for (let i = 0; i < 600; i++) {
    const type = random() < 0.5 ? pick(["item-create", "variant-delete"]) : encodeURIComponent(junk() + "z");
    // "!" is never part of a job id, so each id below is invalid whatever else it holds.
    const id = random() < 0.5 ? encodeURIComponent(pick(HOSTILE) + "!") : encodeURIComponent(junk() + "/\\");
    const invalidType = !["item-create", "variant-delete"].includes(type);
    cases.push({ url: `/api/jobs/${type}/${invalidType ? "01ABC" : id}` });
  }
  for (let i = 0; i < 300; i++) {
    cases.push({
      url: `/api/runs?${new URLSearchParams({ [pick(["from", "to", "gap", "window", "x"])]: junk() + "!" })}`,
    });
  }
  for (let i = 0; i < 100; i++) {
    // A valid run window with a junk parameter: the export refuses it before reading anything.
    const params = new URLSearchParams({ from: "2026-11-28T12:00:00Z", to: "2026-11-28T12:10:00Z" });
    params.set(pick(["format", "gap", "to", "window", "x"]), junk() + "!");
    cases.push({ url: `/api/runs/errors?${params}` });
  }
  for (let i = 0; i < 300; i++) {
    const segments = Array.from({ length: 1 + Math.floor(random() * 4) }, () => encodeURIComponent(junk() || "s"));
    cases.push({
      url: `/api/${pick(["nope", "job", "jobs/item-create/01A/extra", "catalog-item-bulk-create-jobs"])}/${segments.join("/")}`,
    });
  }
  for (let i = 0; i < 200; i++) {
    cases.push({
      url: `/api/jobs?type=${encodeURIComponent(junk())}x`,
      headers: {
        accept: pick(["*/*", "text/html", junk().replace(/[^\x20-\x7e]/g, "") || "x"]),
        cookie: `bj_session=${encodeURIComponent(junk())}`,
        "x-forwarded-host": "evil.example",
        "x-forwarded-for": pick(["1.2.3.4", "::1", "999.1.1.1", "x".repeat(200)]),
        "accept-language": pick(["en", "*", "zz-ZZ;q=2"]),
      },
    });
  }

  for (const { url, headers } of cases) {
    const response = await request.get(url, { headers, failOnStatusCode: false });
    const status = response.status();
    expect(status, url).toBeLessThan(500);
    const body: unknown = await response.json().catch(() => "not JSON");
    expectEnvelope(status, body, [400, 404], url);
    expect(response.headers()["content-type"], url).toContain("application/json");
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
