import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterDelayMs, retryAfterSeconds } from "./retry-policy";
import { classifyBody, errorForStatus } from "./upstream-body";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const throttledBody = (detail: string) => ({ errors: [{ status: 429, code: "throttled", title: "t", detail }] });

describe("retryAfterSeconds", () => {
  it("reads integer seconds and HTTP dates from Retry-After", () => {
    expect(retryAfterSeconds(new Headers({ "Retry-After": "7" }), null, NOW)).toBe(7);
    const date = new Date(NOW + 12_000).toUTCString();
    expect(retryAfterSeconds(new Headers({ "Retry-After": date }), null, NOW)).toBe(12);
  });

  it("falls back to the 'Expected available in N seconds' detail when the header is missing", () => {
    expect(
      retryAfterSeconds(new Headers(), throttledBody("Request was throttled. Expected available in 3 seconds."), NOW),
    ).toBe(3);
    expect(
      retryAfterSeconds(new Headers(), throttledBody("Request was throttled. Expected available in 1 second."), NOW),
    ).toBe(1);
  });

  it("prefers the header over the detail, and says null when neither is there", () => {
    expect(
      retryAfterSeconds(new Headers({ "Retry-After": "2" }), throttledBody("Expected available in 40 seconds."), NOW),
    ).toBe(2);
    expect(retryAfterSeconds(new Headers(), throttledBody("Request was throttled."), NOW)).toBeNull();
    expect(retryAfterSeconds(new Headers({ "Retry-After": "soon" }), "<html>", NOW)).toBeNull();
  });
});

describe("delays", () => {
  it("backs off exponentially with ±50 % jitter, capped", () => {
    expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0)).toBe(250);
    expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY, () => 0.999)).toBeLessThanOrEqual(750);
    expect(backoffDelayMs(2, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(20, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it("never retries before Retry-After has passed, with at most a second of jitter", () => {
    expect(retryAfterDelayMs(2, () => 0)).toBe(2000);
    expect(retryAfterDelayMs(2, () => 1)).toBe(2500);
    expect(retryAfterDelayMs(30, () => 1)).toBe(31_000);
  });
});

describe("classifyBody and errorForStatus", () => {
  it("recognises HTML, malformed, truncated and empty bodies", () => {
    expect(classifyBody("<!DOCTYPE html><title>Just a moment...</title>", "text/html").kind).toBe("html");
    expect(classifyBody("  <html>", null).kind).toBe("html");
    expect(classifyBody('{"data": [', "application/vnd.api+json").kind).toBe("malformed");
    expect(classifyBody("{data: 1}", "application/json").kind).toBe("malformed");
    expect(classifyBody("", "application/json").kind).toBe("empty");
    expect(classifyBody('{"data":[]}', "application/vnd.api+json")).toEqual({ kind: "json", value: { data: [] } });
  });

  const context = { subject: "item create job with id X1", single: true, retryAfter: null };
  const json = (value: unknown) => ({ kind: "json" as const, value });

  it("maps upstream statuses onto our codes", () => {
    const cases: Array<[number, string, number]> = [
      [400, "bad_request", 400],
      [401, "upstream_auth", 502],
      [403, "upstream_auth", 502],
      [404, "not_found", 404],
      [429, "rate_limited", 429],
      [500, "upstream_unavailable", 503],
      [502, "upstream_unavailable", 503],
      [503, "upstream_unavailable", 503],
      [504, "upstream_timeout", 504],
      [524, "upstream_timeout", 504],
    ];
    for (const [status, code, ours] of cases) {
      const error = errorForStatus(status, json({ errors: [{ code: "x", detail: "d" }] }), context);
      expect([status, error.code, error.status]).toEqual([status, code, ours]);
    }
  });

  it("turns an HTML 403 (bot challenge) into upstream_invalid, not an auth error", () => {
    const error = errorForStatus(403, { kind: "html" }, context);
    expect(error.code).toBe("upstream_invalid");
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTML/);
  });

  it("treats an HTML 5xx page (the edge's 502) as Klaviyo being unavailable, not as a senseless answer", () => {
    const error = errorForStatus(502, { kind: "html" }, context);
    expect([error.code, error.status]).toEqual(["upstream_unavailable", 503]);
  });

  it("keeps Retry-After on rate_limited and upstream_unavailable", () => {
    expect(errorForStatus(429, { kind: "empty" }, { ...context, retryAfter: 9 }).retryAfter).toBe(9);
    expect(errorForStatus(503, { kind: "html" }, { ...context, retryAfter: 4 }).retryAfter).toBe(4);
  });
});
