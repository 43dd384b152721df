import { describe, expect, it } from "vitest";
import { nextTryAt, pollAfter, retryAfterMs } from "./retry-after";

describe("retry after", () => {
  it("reads the wait an error names, in ms", () => {
    expect(retryAfterMs({ code: "rate_limited", retryAfter: 30 })).toBe(30_000);
    expect(retryAfterMs({ code: "upstream_unavailable" })).toBe(0);
    expect(retryAfterMs(null)).toBe(0);
    expect(retryAfterMs({ retryAfter: "30" })).toBe(0);
  });

  it("polls no sooner than the wait, and no later than the view's own interval", () => {
    expect(pollAfter({ retryAfter: 30 }, 15_000)).toBe(30_000);
    expect(pollAfter({ retryAfter: 1 }, 15_000)).toBe(15_000);
    expect(pollAfter(null, 5_000)).toBe(5_000);
  });

  it("dates the next try from the failure, or says there is none", () => {
    expect(nextTryAt(1_000, 30_000)).toBe(31_000);
    expect(nextTryAt(1_000, false)).toBeNull();
    expect(nextTryAt(0, 30_000)).toBeNull();
  });
});
