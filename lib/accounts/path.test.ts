import { describe, expect, it } from "vitest";
import { accountPrefix, inAccount, splitAccountPath, switchTarget, withoutAccount } from "./path";

describe("account paths", () => {
  it("splits /a/{account}/… into the account and the path it stands for", () => {
    expect(splitAccountPath("/a/brand-b/jobs/item-create/01ABC")).toEqual({
      account: "brand-b",
      rest: "/jobs/item-create/01ABC",
    });
    expect(splitAccountPath("/a/brand-b")).toEqual({ account: "brand-b", rest: "/" });
    expect(splitAccountPath("/a/brand-b/")).toEqual({ account: "brand-b", rest: "/" });
    expect(splitAccountPath("/a/brand%2Db/api/jobs")).toEqual({ account: "brand-b", rest: "/api/jobs" });
    expect(splitAccountPath("/jobs")).toBeNull();
    expect(splitAccountPath("/a")).toBeNull();
    expect(splitAccountPath("/api/a/x")).toBeNull();
    expect(withoutAccount("/a/brand-b/runs")).toBe("/runs");
    expect(withoutAccount("/runs")).toBe("/runs");
  });

  it("puts the dashboard's own paths in the account, and leaves everything else alone", () => {
    const prefix = accountPrefix("brand-b");
    expect(prefix).toBe("/a/brand-b");
    expect(inAccount(prefix, "/jobs?type=all&from=2026-12-01")).toBe("/a/brand-b/jobs?type=all&from=2026-12-01");
    expect(inAccount(prefix, "/api/jobs/export?format=csv")).toBe("/a/brand-b/api/jobs/export?format=csv");
    expect(inAccount(prefix, "/")).toBe("/a/brand-b");
    expect(inAccount(prefix, "/a/brand-c/jobs")).toBe("/a/brand-c/jobs");
    expect(inAccount(prefix, "#main")).toBe("#main");
    expect(inAccount(prefix, "https://example.com/jobs")).toBe("https://example.com/jobs");
    expect(inAccount(prefix, "//example.com/jobs")).toBe("//example.com/jobs");
    expect(inAccount("", "/jobs")).toBe("/jobs");
    expect(accountPrefix(null)).toBe("");
  });
});

describe("the account switcher's target", () => {
  it("keeps the kind of page and its filters, and drops what names the other account's things", () => {
    expect(switchTarget("/a/brand-a/jobs", "?type=all&failed=1&cursor=abc&tz=utc", "brand-b")).toBe(
      "/a/brand-b/jobs?type=all&failed=1&tz=utc",
    );
    expect(switchTarget("/jobs", "", "brand-b")).toBe("/a/brand-b/jobs");
    expect(switchTarget("/a/brand-a/jobs/variant-update/01ABC", "?tab=errors&tz=utc", "brand-b")).toBe(
      "/a/brand-b/jobs?tz=utc&type=variant-update",
    );
    expect(
      switchTarget("/a/brand-a/runs", "?from=2026-12-01T00%3A00%3A00Z&to=2026-12-01T01%3A00%3A00Z", "brand-b"),
    ).toBe("/a/brand-b/runs");
    expect(switchTarget("/a/brand-a/runs/compare", "?a=x&b=y&tz=utc", "brand-b")).toBe("/a/brand-b/runs?tz=utc");
    expect(switchTarget("/a/brand-a/trends", "?from=2026-11-01&to=2026-11-30", "brand-b")).toBe(
      "/a/brand-b/trends?from=2026-11-01&to=2026-11-30",
    );
    expect(switchTarget("/a/brand-a/search", "?q=SKU-1", "brand-b")).toBe("/a/brand-b/search?q=SKU-1");
    expect(switchTarget("/a/brand-a", "", "brand-b")).toBe("/a/brand-b");
  });
});
