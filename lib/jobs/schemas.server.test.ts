import { describe, expect, it } from "vitest";
import { isCursor, isJobId, listQueryFrom, loadJobListParams, serializeJobListParams } from "./list-params";
import { cursorSchema, jobIdSchema, parseListQuery } from "./schemas.server";

describe("list query (route handler side)", () => {
  it("defaults the type and accepts status and cursor", () => {
    expect(parseListQuery(new URLSearchParams(""))).toEqual({ ok: true, data: { type: "item-create" } });
    expect(
      parseListQuery(new URLSearchParams("type=variant-update&status=processing&cursor=WzE2NDA5OTUyMDBd")),
    ).toEqual({
      ok: true,
      data: { type: "variant-update", status: "processing", cursor: "WzE2NDA5OTUyMDBd" },
    });
  });

  it("accepts type=all, every type at once", () => {
    expect(parseListQuery(new URLSearchParams("type=all&status=cancelled"))).toEqual({
      ok: true,
      data: { type: "all", status: "cancelled" },
    });
  });

  it.each([
    ["type=item-explode", /type/],
    ["status=failed", /status/],
    ["cursor=https://evil.example/x", /cursor/],
    ["cursor=", /cursor/],
    ["type=item-create&type=item-update", /repeated/],
    ["page[size]=500", /unknown parameter/],
    ["__proto__=x&type=item-create", /unknown parameter/],
    ["constructor=x", /unknown parameter/],
  ])("rejects %s with a message", (qs, message) => {
    const result = parseListQuery(new URLSearchParams(qs));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("list view (page side, nuqs)", () => {
  it("round-trips every view setting through the URL", async () => {
    const url = serializeJobListParams("/jobs", {
      type: "category-delete",
      status: "complete",
      cursor: "abc",
      refresh: 60,
      sort: "progress",
      dir: "asc",
      hide: ["expires", "duration"],
      tz: "utc",
    });
    const view = await loadJobListParams(new URL(url, "http://x").searchParams);
    expect(view).toEqual({
      type: "category-delete",
      status: "complete",
      cursor: "abc",
      refresh: 60,
      sort: "progress",
      dir: "asc",
      hide: ["expires", "duration"],
      tz: "utc",
      from: null,
      to: null,
      failed: null,
      rate: null,
      order: null,
    });
  });

  it("falls back to defaults for nonsense and drops a malformed cursor from the data query", async () => {
    const view = await loadJobListParams(new URLSearchParams("type=nope&refresh=7&tz=mars&cursor=%3Cscript%3E"));
    expect(view).toMatchObject({ type: "item-create", refresh: 15, tz: "local" });
    expect(listQueryFrom(view)).toEqual({ type: "item-create" });
  });
});

describe("the browser's id and cursor checks", () => {
  const samples = [
    "01M8HTWCX877DHGRQB6RWD2D3K",
    "abc_-09",
    "",
    " ",
    "a b",
    "a/b",
    "../x",
    "<script>",
    "x".repeat(64),
    "x".repeat(65),
    "é",
    "WzE2NDA5OTUyMDBd==",
    "a.b~c",
    "x".repeat(1025),
    "https://evil.example/x",
  ];
  it.each(samples)("agree with the route handlers' schemas on %j", (value) => {
    expect(isJobId(value)).toBe(jobIdSchema.safeParse(value).success);
    expect(isCursor(value)).toBe(cursorSchema.safeParse(value).success);
  });
});
