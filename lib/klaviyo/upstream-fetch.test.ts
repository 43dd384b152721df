import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { TIER_NARROW } from "@/lib/job-types";
import { DEFAULT_RETRY_POLICY } from "./retry-policy";
import { type FakeClock, fakeClock, jobResource, jsonApi, scriptedTransport, throttled } from "./testing";
import { fetchUpstream, type Transport, type UpstreamCall, type UpstreamObserver } from "./upstream-fetch";
import { createWindowLimiter } from "./window-limiter";

const call: UpstreamCall = {
  endpoint: { id: "item-create:get", tier: TIER_NARROW },
  url: new URL("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01X"),
  subject: "item create job with id 01X",
  single: true,
};
const ok = () => jsonApi({ data: jobResource() });

function setup(
  transport: Transport,
  clock: FakeClock = fakeClock(),
  timeoutMs = 10_000,
  priority: UpstreamCall["priority"] = undefined,
  observer?: UpstreamObserver,
) {
  const limiter = createWindowLimiter({ store: { kind: "memory" }, keyPrefix: `t${Math.random()}`, clock });
  const config = {
    transport,
    headers: new Headers(),
    limiter,
    clock,
    random: () => 0,
    retry: DEFAULT_RETRY_POLICY,
    timeoutMs,
    observer,
  };
  return { run: () => fetchUpstream(config, { ...call, priority }), clock, config };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("retries", () => {
  it("tells a person at once when Klaviyo's wait is longer than a person waits; background work waits it out", async () => {
    const person = scriptedTransport([throttled(5), ok()]);
    const error = await failure(setup(person.transport).run());
    expect(error).toMatchObject({ code: "rate_limited", retryAfter: 5 });
    expect(person.requests).toHaveLength(1);

    const background = scriptedTransport([throttled(5), ok()]);
    const { run, clock } = setup(background.transport, fakeClock(), 10_000, "background");
    await expect(run()).resolves.toMatchObject({ data: { id: "01GSQPBF74KQ5YTDEPP41T1BZH" } });
    expect(background.requests).toHaveLength(2);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5000);
  });

  it("waits out Retry-After before retrying a 429", async () => {
    const script = scriptedTransport([throttled(2), ok()]);
    const { run, clock } = setup(script.transport);
    await expect(run()).resolves.toMatchObject({ data: { id: "01GSQPBF74KQ5YTDEPP41T1BZH" } });
    expect(script.requests).toHaveLength(2);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000);
  });

  it("falls back to the detail text when a 429 has no Retry-After", async () => {
    const script = scriptedTransport([throttled(null, 3), ok()]);
    const { run, clock } = setup(script.transport);
    await run();
    expect(script.requests).toHaveLength(2);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3000);
  });

  it("stops after maxAttempts and answers rate_limited with retryAfter", async () => {
    const script = scriptedTransport([throttled(1)]);
    const error = await failure(setup(script.transport).run());
    expect(script.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(error.code).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(1);
  });

  it("does not sleep past its time budget: a long Retry-After is passed on at once", async () => {
    const script = scriptedTransport([throttled(45), ok()]);
    const { run, clock } = setup(script.transport);
    const error = await failure(run());
    expect(script.requests).toHaveLength(1);
    expect(clock.slept).toEqual([]);
    expect(error.retryAfter).toBe(45);
  });

  it("retries 503, 504 and 524 with backoff, but not 500 or 502", async () => {
    for (const status of [503, 504, 524]) {
      const script = scriptedTransport([jsonApi({ errors: [{ code: "x" }] }, { status }), ok()]);
      await setup(script.transport).run();
      expect(script.requests).toHaveLength(2);
    }
    for (const status of [500, 502]) {
      const script = scriptedTransport([jsonApi({ errors: [{ code: "x" }] }, { status }), ok()]);
      const error = await failure(setup(script.transport).run());
      expect(script.requests).toHaveLength(1);
      expect(error.code).toBe("upstream_unavailable");
    }
  });

  it("gives up on a persistent 503 with upstream_unavailable", async () => {
    const script = scriptedTransport([
      new Response("<html>down</html>", { status: 503, headers: { "content-type": "text/html" } }),
    ]);
    const error = await failure(setup(script.transport).run());
    expect(error.code).toBe("upstream_unavailable");
    expect(error.status).toBe(503);
    expect(script.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it("times out a hanging upstream, retries, then answers upstream_timeout", async () => {
    let calls = 0;
    const hanging: Transport = () => {
      calls++;
      return new Promise<Response>(() => undefined);
    };
    const error = await failure(setup(hanging, fakeClock(), 20).run());
    expect(error.code).toBe("upstream_timeout");
    expect(error.status).toBe(504);
    expect(calls).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it("reports a network failure as upstream_unavailable", async () => {
    const refused: Transport = () => Promise.reject(new TypeError("fetch failed"));
    const error = await failure(setup(refused).run());
    expect(error.code).toBe("upstream_unavailable");
  });
});

describe("defensive parsing", () => {
  it("turns an HTML 200 or 403 into a 502 upstream_invalid", async () => {
    for (const status of [200, 403]) {
      const html = new Response("<!DOCTYPE html><html><title>Just a moment...</title></html>", {
        status,
        headers: { "content-type": "text/html; charset=UTF-8", "cf-mitigated": "challenge" },
      });
      const error = await failure(setup(scriptedTransport([html]).transport).run());
      expect([error.code, error.status]).toEqual(["upstream_invalid", 502]);
    }
  });

  it("turns malformed and truncated JSON into upstream_invalid", async () => {
    for (const text of ["{not json", JSON.stringify({ data: jobResource() }).slice(0, 40)]) {
      const response = new Response(text, { headers: { "content-type": "application/vnd.api+json" } });
      const error = await failure(setup(scriptedTransport([response]).transport).run());
      expect(error.code).toBe("upstream_invalid");
    }
  });

  it("does not follow redirects", async () => {
    const redirect = new Response(null, { status: 302, headers: { location: "https://evil.example/" } });
    const script = scriptedTransport([redirect]);
    const error = await failure(setup(script.transport).run());
    expect(error.code).toBe("upstream_error");
    expect(script.requests).toHaveLength(1);
    expect(script.requests[0]?.redirect).toBe("manual");
  });
});

describe("observer", () => {
  function recorder() {
    const events: { kind: string; event: Record<string, unknown> }[] = [];
    const observer: UpstreamObserver = {
      waited: (event) => events.push({ kind: "waited", event }),
      attempted: (event) => events.push({ kind: "attempted", event }),
      rateLimited: (event) => events.push({ kind: "rateLimited", event }),
    };
    return { events, observer };
  }

  it("hears of every wait and attempt, with the path but not the query", async () => {
    const { events, observer } = recorder();
    const script = scriptedTransport([throttled(1), ok()]);
    const limiter = createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `o${Math.random()}`,
      clock: fakeClock(),
    });
    const config = { ...setup(script.transport).config, limiter, observer };
    const url = new URL(`${call.url.href}?include=items`);
    await fetchUpstream(config, { ...call, url, priority: "background" });
    expect(events.map((e) => e.kind)).toEqual(["waited", "attempted", "waited", "attempted"]);
    expect(events.filter((e) => e.kind === "attempted").map((e) => e.event)).toEqual([
      expect.objectContaining({
        endpoint: "item-create:get",
        path: "/api/catalog-item-bulk-create-jobs/01X",
        attempt: 1,
        outcome: 429,
        priority: "background",
      }),
      expect.objectContaining({ attempt: 2, outcome: 200, durationMs: expect.any(Number) }),
    ]);
  });

  it("hears when a person's read ends rate_limited", async () => {
    const { events, observer } = recorder();
    const script = scriptedTransport([throttled(5), ok()]);
    await failure(setup(script.transport, fakeClock(), 10_000, undefined, observer).run());
    expect(events.at(-1)).toEqual({ kind: "rateLimited", event: { endpoint: "item-create:get", priority: "person" } });
  });
});
