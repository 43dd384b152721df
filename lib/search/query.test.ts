import { describe, expect, it } from "vitest";
import {
  checkSearchText,
  decodeSearchCursor,
  encodeSearchCursor,
  groupsOf,
  parseSearchParams,
  parseSkuRequest,
  planSearch,
} from "./query";

const CURSOR = {
  group: "skus",
  createdAt: "2026-12-01T10:00:00.000Z",
  type: "item-create",
  jobId: "01ABC",
  n: 3,
} as const;

describe("checkSearchText", () => {
  it.each([
    ["nothing", undefined, /type something/],
    ["empty text", "", /type something/],
    ["blank text", "  \t ", /type something/],
    ["201 characters", "a".repeat(201), /at most 200 characters \(got 201\)/],
    ["a newline", "SKU-1\nSKU-2", /control characters/],
    ["a NUL", "SKU\u0000", /control characters/],
    ["a NUL at the end", "SKU-1\u0000", /control characters/],
    ["a C1 control", "SKU\u0085", /control characters/],
    ["a bidi override", "SKU-\u202e1", /control characters/],
  ])("refuses %s", (_, raw, message) => {
    const checked = checkSearchText(raw);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toMatch(message);
  });

  it("refuses spaces alone, and trims what it takes", () => {
    expect(checkSearchText("   ")).toEqual({ ok: false, message: "q: type something to search for" });
    expect(checkSearchText("  SKU 12/β ")).toEqual({ ok: true, value: "SKU 12/β" });
    expect(checkSearchText("a".repeat(200)).ok).toBe(true);
  });
});

describe("planSearch", () => {
  it("searches a SKU-shaped text as a job id start, a SKU, a code and a word", () => {
    const plan = planSearch("SKU-12");
    expect(groupsOf(plan)).toEqual(["jobs", "skus", "words"]);
    expect(plan.skus).toEqual({ key: "sku-12" });
    expect(plan.words).toEqual({ words: ["sku-12"] });
  });

  it("searches a code as a code", () => {
    expect(groupsOf(planSearch("image_fetch_failed"))).toEqual(["jobs", "skus", "codes", "words"]);
    expect(planSearch("Duplicate").codes).toEqual({ key: "duplicate" });
  });

  it("searches words for error details, leaving out the short ones, and a SKU with spaces as one SKU", () => {
    const plan = planSearch("got 12,99 in price");
    expect(groupsOf(plan)).toEqual(["skus", "words"]);
    expect(plan.words).toEqual({ words: ["got", "12,99", "price"] });
    expect(plan.shortWords).toEqual(["in"]);
    expect(planSearch("SKU 7/β").skus).toEqual({ key: "sku 7/β" });
  });

  it("reads a compound catalog id as its external id", () => {
    expect(planSearch("$custom:::$default:::SKU-3").skus).toEqual({ key: "sku-3" });
  });
});

describe("search cursors", () => {
  it("round-trip", () => {
    expect(decodeSearchCursor(encodeSearchCursor(CURSOR))).toEqual({ ok: true, value: CURSOR });
  });

  it.each([
    ["garbage", "%%%"],
    ["not JSON", btoa("nope")],
    ["a wrong group", encodeSearchCursor({ ...CURSOR, group: "everything" as "skus" })],
    ["a wrong type", encodeSearchCursor({ ...CURSOR, type: "item-upsert" as "item-create" })],
    ["a bad date", encodeSearchCursor({ ...CURSOR, createdAt: "yesterday" })],
    ["a negative entry", encodeSearchCursor({ ...CURSOR, n: -1 })],
    ["a job id with a quote", encodeSearchCursor({ ...CURSOR, jobId: "a'b" })],
  ])("refuse %s", (_, raw) => {
    expect(decodeSearchCursor(raw).ok).toBe(false);
  });
});

describe("parseSearchParams", () => {
  it("takes q and a cursor of a group the text searches", () => {
    const parsed = parseSearchParams(new URLSearchParams({ q: "SKU-12", cursor: encodeSearchCursor(CURSOR) }));
    expect(parsed.ok && parsed.value.cursor).toEqual(CURSOR);
  });

  it.each([
    ["an unknown parameter", "q=a12&page=2", /page: not a parameter/],
    ["two texts", "q=abc&q=def", /one search text/],
    ["no text", "cursor=", /type something/],
    [
      "a cursor of a group this text does not search",
      `q=two+words&cursor=${encodeSearchCursor({ ...CURSOR, group: "codes" })}`,
      /another search/,
    ],
  ])("refuses %s", (_, query, message) => {
    const parsed = parseSearchParams(new URLSearchParams(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("parseSkuRequest", () => {
  it("takes a SKU as it is, spaces and slashes included", () => {
    expect(parseSkuRequest("SKU 7/β", new URLSearchParams())).toEqual({
      ok: true,
      value: { sku: "SKU 7/β", cursor: null },
    });
  });

  it.each([
    ["an empty SKU", "", "", /type something/],
    ["spaces around it", " SKU-1", "", /no spaces at either end/],
    ["a control character", "SKU\u0007", "", /control characters/],
    ["a cursor of the search", "SKU-1", `cursor=${encodeSearchCursor({ ...CURSOR, group: "words" })}`, /another page/],
    ["an unknown parameter", "SKU-1", "q=x", /q: not a parameter/],
  ])("refuses %s", (_, sku, query, message) => {
    const parsed = parseSkuRequest(sku, new URLSearchParams(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
