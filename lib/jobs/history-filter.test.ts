import { describe, expect, it } from "vitest";
import {
  hasHistoryFilter,
  historyFilterCount,
  parseHistoryFilter,
  parseInstantRange,
  typesOf,
  typeValue,
} from "./history-filter";
import { listQueryFrom, loadJobListParams, readsHistory, serializeJobListParams } from "./list-params";
import { parseListQuery } from "./schemas.server";

const DAY = 86_400_000;

describe("the history filters in the URL", () => {
  it("reads a date as a whole UTC day and a time as one instant, both ends included", () => {
    expect(parseInstantRange("2026-12-01")).toEqual([Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1) + DAY]);
    const t = Date.parse("2026-12-01T09:30:00+01:00");
    expect(parseInstantRange("2026-12-01T09:30:00+01:00")).toEqual([t, t + 1]);
    expect(parseInstantRange("2026-12-01T23:59:59.999+01:00")?.[1]).toBe(Date.UTC(2026, 11, 1, 23));
    const same = parseHistoryFilter({ from: "2026-12-01", to: "2026-12-01" });
    expect(same).toEqual({
      ok: true,
      filter: { fromMs: Date.UTC(2026, 11, 1), toMs: Date.UTC(2026, 11, 2), failed: false, order: "newest" },
    });
  });

  it.each([
    ["2026-02-30"],
    ["2026-13-01"],
    ["2026-12-1"],
    ["yesterday"],
    ["2026-12-01T10:00:00"], // no zone: which one would be a guess
    ["2026-12-01T25:00:00Z"],
    ["1733000000000"],
    [""],
  ])("refuses %j as a date", (value) => {
    expect(parseInstantRange(value)).toBeNull();
    const result = parseHistoryFilter({ from: value });
    expect(result).toMatchObject({ ok: false, param: "from" });
    if (!result.ok) expect(result.message).toMatch(/is not a date/);
  });

  it("refuses from after to, a bad rate, flag or order, each naming its parameter", () => {
    expect(parseHistoryFilter({ from: "2026-12-02", to: "2026-12-01" })).toMatchObject({ ok: false, param: "from" });
    expect(parseHistoryFilter({ from: "2026-12-01T10:00:00Z", to: "2026-12-01T09:59:59Z" })).toMatchObject({
      ok: false,
    });
    for (const rate of ["0", "100.5", "-5", "1e2", "abc", "25%"]) {
      expect(parseHistoryFilter({ rate })).toMatchObject({ ok: false, param: "rate" });
    }
    expect(parseHistoryFilter({ failed: "true" })).toMatchObject({ ok: false, param: "failed" });
    expect(parseHistoryFilter({ order: "oldest" })).toMatchObject({ ok: false, param: "order" });
    expect(parseHistoryFilter({ failed: "1", rate: "12.5", order: "rate" })).toEqual({
      ok: true,
      filter: { failed: true, minRate: 0.125, order: "rate" },
    });
  });

  it("reads several types as one canonical comma list", () => {
    expect(typesOf("variant-create,item-create,item-create")).toEqual(["item-create", "variant-create"]);
    expect(typesOf("item-create,nope")).toBeNull();
    expect(typeValue(["variant-create", "item-create"])).toBe("item-create,variant-create");
    expect(typeValue(typesOf("all")!)).toBe("all");
  });

  it("sends one type to Klaviyo unless a history-only filter is set", () => {
    expect(readsHistory({ type: "item-create", status: "complete" })).toBe(false);
    expect(readsHistory({ type: "item-create", order: "newest" })).toBe(false);
    expect(readsHistory({ type: "item-create", failed: "1" })).toBe(true);
    expect(readsHistory({ type: "item-create,item-update" })).toBe(true);
    expect(readsHistory({ type: "all" })).toBe(true);
    expect(hasHistoryFilter({ order: "rate" })).toBe(true);
  });

  it("counts the filters a list sets, newest-first order not among them", () => {
    expect(historyFilterCount({})).toBe(0);
    expect(historyFilterCount({ order: "newest" })).toBe(0);
    expect(historyFilterCount({ failed: "1", order: "rate" })).toBe(2);
    expect(historyFilterCount({ from: "2026-12-01", to: "2026-12-02", failed: "1", rate: "5", order: "failed" })).toBe(
      5,
    );
  });

  it("keeps the filters through the page's URL and the API's parser alike", async () => {
    const url = serializeJobListParams("/jobs", {
      type: "item-create,variant-create",
      from: "2026-12-01T00:00:00+01:00",
      to: "2026-12-03",
      failed: "1",
      rate: "20",
      order: "failed",
    });
    const view = await loadJobListParams(new URL(url, "http://x").searchParams);
    const query = listQueryFrom(view);
    expect(query).toEqual({
      type: "item-create,variant-create",
      from: "2026-12-01T00:00:00+01:00",
      to: "2026-12-03",
      failed: "1",
      rate: "20",
      order: "failed",
    });
    const api = parseListQuery(new URL(url, "http://x").searchParams);
    expect(api).toEqual({ ok: true, data: query });
    // A comma list in another order or with a repeat is the same list.
    const again = await loadJobListParams(new URLSearchParams("type=variant-create,item-create,variant-create"));
    expect(again.type).toBe("item-create,variant-create");
  });
});
