import { describe, expect, it } from "vitest";
import {
  errorGroupHref,
  fieldParam,
  jobDetailHref,
  jobDetailPath,
  jobListBackHref,
  listQueryForBack,
  loadJobDetailParams,
  NO_FIELD,
  resolveTab,
  serializeJobDetailParams,
} from "./detail-params";
import { loadJobListParams } from "./list-params";

describe("job detail URL", () => {
  it("builds the group deep link of the contract and reads it back", async () => {
    const href = errorGroupHref("item-create", "01JD3F", { code: "invalid", field: "price" });
    expect(href).toBe("/jobs/item-create/01JD3F?tab=errors&code=invalid&field=price");
    const view = await loadJobDetailParams(new URL(href, "http://x").searchParams);
    expect(view).toEqual({ tab: "errors", code: "invalid", field: "price", q: "", tz: "local", back: null });
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
      back: "type=item-update&status=complete",
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
      back: null,
    });
  });

  it("encodes the job id in the path", () => {
    expect(jobDetailPath("item-create", "a b")).toBe("/jobs/item-create/a%20b");
  });
});

describe("resolveTab", () => {
  const job = { failedCount: 0, errorCount: 0 };

  it("opens errors when something failed, else the items", () => {
    expect(resolveTab(null, { ...job, failedCount: 3 })).toBe("errors");
    expect(resolveTab(null, { ...job, errorCount: 1 })).toBe("errors");
    expect(resolveTab(null, job)).toBe("items");
  });

  it("keeps the URL's tab; delete jobs have an items tab too (the ids they deleted)", () => {
    expect(resolveTab("raw", { ...job, failedCount: 3 })).toBe("raw");
    expect(resolveTab("items", { ...job, failedCount: 3 })).toBe("items");
    expect(resolveTab("items", job)).toBe("items");
  });

  it("links a job in the zone of the view it is linked from, local time leaving the URL bare", () => {
    expect(jobDetailHref("item-create", "01ABC", "utc")).toBe("/jobs/item-create/01ABC?tz=utc");
    expect(jobDetailHref("item-create", "01ABC", "local")).toBe("/jobs/item-create/01ABC");
    expect(loadJobDetailParams(new URLSearchParams("tz=utc")).tz).toBe("utc");
    expect(loadJobDetailParams(new URLSearchParams("tz=mars")).tz).toBe("local");
  });

  it("carries the list a job was opened from, and leads back to it in the page's zone", () => {
    const fromList = loadJobListParams(
      new URLSearchParams("type=item-update&status=complete&hide=counts,expires&tz=utc&refresh=0"),
    );
    const back = listQueryForBack(fromList);
    expect(new URLSearchParams(back).get("tz")).toBeNull();
    expect(new URLSearchParams(back).get("status")).toBe("complete");
    const href = jobDetailHref("item-update", "01ABC", "utc", back);
    const params = loadJobDetailParams(new URL(href, "http://x").searchParams);
    expect(params.back).toBe(back);
    const list = new URL(jobListBackHref("item-update", params.back, "utc"), "http://x");
    expect(list.pathname).toBe("/jobs");
    expect(Object.fromEntries(list.searchParams)).toEqual({
      type: "item-update",
      status: "complete",
      hide: "counts,expires",
      refresh: "0",
      tz: "utc",
    });
  });

  it("leads back to the list of the job's type when the link carries no list, or another type's", () => {
    expect(jobListBackHref("item-delete", null, "utc")).toBe("/jobs?type=item-delete&tz=utc");
    expect(jobListBackHref("item-delete", "type=variant-create&status=complete", "local")).toBe(
      "/jobs?type=item-delete",
    );
    expect(jobListBackHref("item-create", "status=nonsense&type=item-create", "local")).toBe("/jobs");
    // From the list of every type, back to it (whatever the job's own type).
    expect(jobListBackHref("variant-update", "type=all&status=cancelled", "utc")).toBe(
      "/jobs?type=all&status=cancelled&tz=utc",
    );
    expect(jobDetailHref("item-create", "01ABC", "local", "")).toBe("/jobs/item-create/01ABC");
    expect(jobDetailHref("item-delete", "01ABC", "utc", "type=item-delete")).toBe("/jobs/item-delete/01ABC?tz=utc");
  });
});
