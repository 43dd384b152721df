import { describe, expect, it } from "vitest";
import { errorRefsOf, groupErrors } from "@/lib/jobs/error-groups";
import { formatErrorPointer } from "@/lib/jobs/error-pointer";
import type { JobError } from "@/lib/types";
import { exportFileName, filterRefs, selectGroups } from "./error-view";

let n = 0;
const err = (code: string, title: string, detail: string, index: number | null, field: string | null): JobError => ({
  id: `e${++n}`,
  code,
  title,
  detail,
  pointer: index === null ? "/data" : formatErrorPointer(index, field),
});
const refs = errorRefsOf({
  type: "item-create",
  id: "J",
  errors: [
    err("invalid", "Invalid input.", "'price' must be a number; got \"12,99\".", 3, "price"),
    err("invalid", "Invalid input.", "'price' must be a number; got -0.01.", 37, "price"),
    err("invalid", "Invalid input.", "'url' must be a valid http or https URL.", 12, "url"),
    err("duplicate", "Duplicate resource.", "external_id 'SKU-37' already exists.", 4, "external_id"),
    err("not_found", "Resource not found.", "Catalog item 'X' does not exist.", 5, null),
    err("server_error", "Internal error.", "Try again.", null, null),
  ],
});
const groups = groupErrors(refs, refs.length);

describe("selectGroups", () => {
  it("selects by code and field as the deep link says", () => {
    expect(selectGroups(groups, { code: "invalid", field: "price" }).map((g) => g.count)).toEqual([2]);
    expect(selectGroups(groups, { code: "invalid", field: null })).toHaveLength(2);
    expect(selectGroups(groups, { code: null, field: null })).toHaveLength(groups.length);
  });

  it("selects the groups without a field with field=-", () => {
    expect(selectGroups(groups, { code: "not_found", field: "-" }).map((g) => g.code)).toEqual(["not_found"]);
    expect(
      selectGroups(groups, { code: null, field: "-" })
        .map((g) => g.code)
        .sort(),
    ).toEqual(["not_found", "server_error"]);
    expect(selectGroups(groups, { code: "invalid", field: "-" })).toEqual([]);
  });

  it("selects nothing for a group this job does not have", () => {
    expect(selectGroups(groups, { code: "invalid", field: "sku" })).toEqual([]);
  });
});

describe("filterRefs", () => {
  const indexes = (q: string, extra?: Parameters<typeof filterRefs>[2]) =>
    filterRefs(refs, q, extra).map((r) => r.index);

  it("matches every word against code, title, detail and field, ignoring case", () => {
    expect(indexes("")).toHaveLength(refs.length);
    expect(indexes("PRICE")).toEqual([3, 37]);
    expect(indexes("price 12,99")).toEqual([3]);
    expect(indexes("duplicate")).toEqual([4]);
    expect(indexes("nothing-like-this")).toEqual([]);
  });

  it("reads #N as exactly payload entry N, and plain digits as text or entry", () => {
    expect(indexes("#3")).toEqual([3]);
    expect(indexes("#37")).toEqual([37]);
    expect(indexes("37")).toEqual([37, 4]); // entry 37, and SKU-37 in a detail
    expect(indexes("12")).toEqual([3, 12]); // "12,99" in a detail, and entry 12
  });

  it("searches extra text such as the related item's title", () => {
    expect(indexes("sneaker", (ref) => (ref.index === 12 ? "Canvas Sneaker" : ""))).toEqual([12]);
  });
});

describe("exportFileName", () => {
  it("names the job and the group, with odd characters made safe", () => {
    expect(exportFileName({ type: "item-create", id: "01J" }, null, "csv")).toBe("item-create-01J-errors.csv");
    expect(exportFileName({ type: "item-create", id: "01J" }, { code: "invalid", field: "price" }, "json")).toBe(
      "item-create-01J-errors-invalid-price.json",
    );
    expect(exportFileName({ type: "item-create", id: "01J" }, { code: "a/b c", field: null }, "csv")).toBe(
      "item-create-01J-errors-a_b_c-entry.csv",
    );
  });
});
