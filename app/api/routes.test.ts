/**
 * Route handlers called as functions (no server). The upstream is a scripted fake standing in for the
 * in-process simulator, so every upstream call is counted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobResource, jsonApi } from "@/lib/klaviyo/testing";

const upstream = vi.hoisted(() => ({
  calls: [] as Request[],
  answer: (() => new Response("{}")) as (request: Request) => Response | Promise<Response>,
}));

vi.mock("@/lib/klaviyo/simulator-singleton", () => ({
  SIMULATOR_API_KEY: "pk_simulator_in_process",
  getSimulator: () => ({
    clock: { now: () => Date.now() },
    handle: async (request: Request) => {
      upstream.calls.push(request);
      return upstream.answer(request);
    },
  }),
}));

async function routes() {
  const door = await import("@/lib/klaviyo/door");
  door.resetKlaviyoClient();
  return {
    list: (await import("./jobs/route")).GET,
    one: (await import("./jobs/[type]/[id]/route")).GET,
    health: (await import("./health/route")).GET,
  };
}

const one = (get: Awaited<ReturnType<typeof routes>>["one"], type: string, id: string, search = "") =>
  get(new Request(`http://localhost/api/jobs/${type}/${id}${search}`), { params: Promise.resolve({ type, id }) });

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  upstream.calls = [];
  upstream.answer = () => jsonApi({ data: [jobResource()], links: { self: "x", next: null, prev: null } });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function expectEnvelope(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

describe("GET /api/health", () => {
  it("answers ok and the upstream kind without calling Klaviyo", async () => {
    const { health } = await routes();
    const response = await health(new Request("http://localhost/api/health"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, upstream: "simulator" });
    expect(upstream.calls).toHaveLength(0);
  });

  it("says klaviyo when a key is configured", async () => {
    vi.stubEnv("KLAVIYO_API_KEY", "pk_health_check_key");
    const { health } = await routes();
    expect(await (await health(new Request("http://localhost/api/health"))).json()).toEqual({
      ok: true,
      upstream: "klaviyo",
    });
  });
});

describe("GET /api/jobs", () => {
  it("answers one page of app-shaped jobs", async () => {
    const { list } = await routes();
    const response = await list(new Request("http://localhost/api/jobs?type=item-update&status=processing"));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as {
      type: string;
      status: string;
      jobs: Array<{ id: string }>;
      nextCursor: null;
    };
    expect(body).toMatchObject({ type: "item-update", status: "processing", nextCursor: null });
    expect(body.jobs[0]?.id).toBe("01GSQPBF74KQ5YTDEPP41T1BZH");
    expect(upstream.calls).toHaveLength(1);
    expect(new URL(upstream.calls[0]!.url).pathname).toBe("/api/catalog-item-bulk-update-jobs");
  });

  it("defaults to item-create", async () => {
    const { list } = await routes();
    await list(new Request("http://localhost/api/jobs"));
    expect(new URL(upstream.calls[0]!.url).pathname).toBe("/api/catalog-item-bulk-create-jobs");
  });

  it.each([
    ["an unknown type", "?type=item-explode"],
    ["an unknown status", "?status=running"],
    ["a URL as cursor", "?cursor=https%3A%2F%2Fevil.example%2F"],
    ["an empty cursor", "?cursor="],
    ["a path in the cursor", "?cursor=..%2F..%2Fapi%2Fprofiles"],
    ["an unknown parameter", "?type=item-create&url=https://evil.example"],
    ["a repeated parameter", "?type=item-create&type=item-update"],
    ["an oversized cursor", `?cursor=${"a".repeat(2000)}`],
  ])("refuses %s with 400 and no upstream call", async (_label, search) => {
    const { list } = await routes();
    await expectEnvelope(await list(new Request(`http://localhost/api/jobs${search}`)), 400, "bad_request");
    expect(upstream.calls).toHaveLength(0);
  });

  it("passes a rate limit on as 429 with Retry-After", async () => {
    upstream.answer = () =>
      jsonApi(
        { errors: [{ status: 429, code: "throttled", detail: "Expected available in 40 seconds." }] },
        { status: 429, headers: { "Retry-After": "40" } },
      );
    const { list } = await routes();
    const response = await list(new Request("http://localhost/api/jobs?type=category-delete"));
    const body = await expectEnvelope(response, 429, "rate_limited");
    expect(response.headers.get("retry-after")).toBe("40");
    expect(body).toMatchObject({ error: { retryAfter: 40 } });
  });

  it("answers 502 upstream_invalid for an HTML page", async () => {
    upstream.answer = () =>
      new Response("<html><body>Just a moment...</body></html>", {
        status: 403,
        headers: { "content-type": "text/html" },
      });
    const { list } = await routes();
    await expectEnvelope(await list(new Request("http://localhost/api/jobs")), 502, "upstream_invalid");
  });
});

describe("GET /api/jobs/{type}/{id}", () => {
  it("answers one job with its related resources", async () => {
    upstream.answer = () =>
      jsonApi({
        data: jobResource({ status: "complete" }),
        included: [{ type: "catalog-item", id: "$custom:::$default:::SKU-1", attributes: { title: "Shirt" } }],
      });
    const { one: get } = await routes();
    const response = await one(get, "item-create", "01GSQPBF74KQ5YTDEPP41T1BZH");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { job: { status: string }; included: Array<{ title: string }> };
    expect(body.job.status).toBe("complete");
    expect(body.included[0]?.title).toBe("Shirt");
    expect(new URL(upstream.calls[0]!.url).search).toBe("?include=items");
  });

  it("answers 404 not_found for an unknown job", async () => {
    upstream.answer = () =>
      jsonApi({ errors: [{ status: 404, code: "not_found", title: "Not found", detail: "x" }] }, { status: 404 });
    const { one: get } = await routes();
    await expectEnvelope(await one(get, "item-create", "01UNKNOWN"), 404, "not_found");
  });

  it.each([
    ["an unknown type", "item-explode", "01ABC", ""],
    ["a path in the id", "item-create", "..%2F..%2Fapi%2Fprofiles", ""],
    ["a dot-dot id", "item-create", "..", ""],
    ["an over-long id", "item-create", "a".repeat(65), ""],
    ["a query string", "item-create", "01ABC", "?include=profiles"],
  ])("refuses %s with 400 and no upstream call", async (_label, type, id, search) => {
    const { one: get } = await routes();
    await expectEnvelope(await one(get, type, id, search), 400, "bad_request");
    expect(upstream.calls).toHaveLength(0);
  });
});
