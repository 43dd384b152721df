import { describe, expect, it } from "vitest";
import { formatErrorPointer, parseErrorPointer } from "./error-pointer";

describe("formatErrorPointer", () => {
  it("points at an attribute of one entry", () => {
    expect(formatErrorPointer(37, "price")).toBe("/data/37/attributes/price");
  });

  it("points at a relationship or a member", () => {
    expect(formatErrorPointer(3, "categories")).toBe("/data/3/relationships/categories");
    expect(formatErrorPointer(0, "item")).toBe("/data/0/relationships/item");
    expect(formatErrorPointer(9, "id")).toBe("/data/9/id");
  });

  it("points at the whole entry when there is no field", () => {
    expect(formatErrorPointer(5, null)).toBe("/data/5");
  });

  it("escapes JSON-pointer tokens", () => {
    expect(formatErrorPointer(1, "a/b~c")).toBe("/data/1/attributes/a~1b~0c");
  });

  it("rejects impossible indexes", () => {
    expect(() => formatErrorPointer(-1, "price")).toThrow(RangeError);
    expect(() => formatErrorPointer(1.5, "price")).toThrow(RangeError);
  });
});

describe("parseErrorPointer", () => {
  it("round-trips every form the simulator writes", () => {
    for (const field of ["price", "title", "external_id", "categories", "item", "items", "id", "a/b~c", null]) {
      expect(parseErrorPointer(formatErrorPointer(12, field))).toEqual({ index: 12, field });
    }
  });

  it("resolves deeper pointers to their top-level field", () => {
    expect(parseErrorPointer("/data/3/relationships/categories/data/0/id")).toEqual({ index: 3, field: "categories" });
    expect(parseErrorPointer("/data/3/attributes/custom_metadata/color")).toEqual({
      index: 3,
      field: "custom_metadata",
    });
  });

  it("gives null for pointers that name no entry", () => {
    for (const pointer of [
      null,
      undefined,
      "",
      "/data",
      "/data/",
      "/data/-1",
      "/data/01",
      "/meta/3",
      "data/3",
      "/data/x/attributes/price",
      "/data/2/links",
    ]) {
      expect(parseErrorPointer(pointer)).toBeNull();
    }
  });

  it("treats a trailing slash after the index as the whole entry", () => {
    expect(parseErrorPointer("/data/4/")).toEqual({ index: 4, field: null });
  });
});
