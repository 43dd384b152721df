import { describe, expect, it } from "vitest";
import {
  errorGroupHref,
  fieldParam,
  hasItemsTab,
  jobDetailHref,
  jobDetailPath,
  loadJobDetailParams,
  NO_FIELD,
  resolveTab,
  serializeJobDetailParams,
} from "./detail-params";

describe("job detail URL", () => {
  it("builds the group deep link of the contract and reads it back", async () => {
    const href = errorGroupHref("item-create", "01JD3F", { code: "invalid", field: "price" });
    expect(href).toBe("/jobs/item-create/01JD3F?tab=errors&code=invalid&field=price");
    const view = await loadJobDetailParams(new URL(href, "http://x").searchParams);
    expect(view).toEqual({ tab: "errors", code: "invalid", field: "price", q: "", tz: "local" });
  });

  it("gives errors without a field a field value of their own", async () => {
    const href = errorGroupHref("item-delete", "01J", { code: "not_found", field: null });
    const view = await loadJobDetailParams(new URL(href, "http://x").searchParams);
    expect(view.field).toBe(NO_FIELD);
    expect(fieldParam(null)).toBe(NO_FIELD);
    expect(fieldParam("url")).toBe("url");
  });

  it("round-trips odd codes, fields and filter text", async () => {
    const values = {
      tab: "errors" as const,
      code: "a&b=c",
      field: "custom/metadata",
      q: "#37 12,99 é",
      tz: "utc" as const,
    };
    const href = serializeJobDetailParams(jobDetailPath("variant-update", "J1"), values);
    expect(await loadJobDetailParams(new URL(href, "http://x").searchParams)).toEqual(values);
  });

  it("ignores an unknown tab and defaults the filter", async () => {
    expect(await loadJobDetailParams(new URLSearchParams("tab=bogus"))).toEqual({
      tab: null,
      code: null,
      field: null,
      q: "",
      tz: "local",
    });
  });

  it("encodes the job id in the path", () => {
    expect(jobDetailPath("item-create", "a b")).toBe("/jobs/item-create/a%20b");
  });
});

describe("resolveTab", () => {
  const job = { type: "item-create" as const, failedCount: 0, errorCount: 0 };

  it("opens errors when something failed, else the items, else errors", () => {
    expect(resolveTab(null, { ...job, failedCount: 3 })).toBe("errors");
    expect(resolveTab(null, { ...job, errorCount: 1 })).toBe("errors");
    expect(resolveTab(null, job)).toBe("items");
    expect(resolveTab(null, { ...job, type: "item-delete" })).toBe("errors");
  });

  it("keeps the URL's tab unless the job has no such tab", () => {
    expect(resolveTab("raw", { ...job, failedCount: 3 })).toBe("raw");
    expect(resolveTab("items", { ...job, failedCount: 3 })).toBe("items");
    expect(resolveTab("items", { ...job, type: "category-delete" })).toBe("errors");
  });

  it("knows which kinds have items to preview", () => {
    expect(hasItemsTab("variant-update")).toBe(true);
    expect(hasItemsTab("category-create")).toBe(true);
    expect(hasItemsTab("variant-delete")).toBe(false);
  });

  it("links a job in the zone of the view it is linked from, local time leaving the URL bare", () => {
    expect(jobDetailHref("item-create", "01ABC", "utc")).toBe("/jobs/item-create/01ABC?tz=utc");
    expect(jobDetailHref("item-create", "01ABC", "local")).toBe("/jobs/item-create/01ABC");
    expect(loadJobDetailParams(new URLSearchParams("tz=utc")).tz).toBe("utc");
    expect(loadJobDetailParams(new URLSearchParams("tz=mars")).tz).toBe("local");
  });
});
