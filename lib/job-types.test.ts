import { describe, expect, it } from "vitest";
import { JOB_TYPE_INFO, JOB_TYPES, jobTypeByPath, TIER_NARROW, TIER_XL } from "./job-types";

describe("job types", () => {
  it("maps slugs to Klaviyo paths, JSON:API types and includes", () => {
    expect(JOB_TYPE_INFO["item-create"]).toMatchObject({
      path: "/api/catalog-item-bulk-create-jobs",
      jsonApiType: "catalog-item-bulk-create-job",
      include: "items",
      relatedType: "catalog-item",
    });
    expect(JOB_TYPE_INFO["category-update"].include).toBe("categories");
    expect(JOB_TYPE_INFO["variant-delete"].include).toBeNull();
  });

  it("uses the documented tiers: 75/750 for item and variant create/update, XL for the rest", () => {
    const narrow = JOB_TYPES.filter((t) => JOB_TYPE_INFO[t].tier === TIER_NARROW);
    expect(narrow.sort()).toEqual(["item-create", "item-update", "variant-create", "variant-update"]);
    expect(JOB_TYPE_INFO["category-create"].tier).toBe(TIER_XL);
  });

  it("recognises list paths with the old trailing slash", () => {
    expect(jobTypeByPath("/api/catalog-variant-bulk-delete-jobs/")?.slug).toBe("variant-delete");
    expect(jobTypeByPath("/api/catalog-variant-bulk-delete-jobs/123")).toBeUndefined();
  });
});
