import { describe, expect, it } from "vitest";
import { errorRefsOf } from "@/lib/jobs/error-groups";
import { formatErrorPointer } from "@/lib/jobs/error-pointer";
import type { CatalogResource, Job, JobError } from "@/lib/types";
import { payloadView } from "./payload-entries";

const resource = (n: number): CatalogResource => ({
  type: "catalog-item",
  id: `$custom:::$default:::SKU-${n}`,
  externalId: `SKU-${n}`,
  title: `Item ${n}`,
  description: null,
  price: 10,
  url: null,
  imageUrl: null,
  published: true,
  sku: null,
  inventoryQuantity: null,
  customMetadata: null,
  updated: null,
});
const error = (index: number | null, field = "price"): JobError => ({
  id: `e${index}`,
  code: "invalid",
  title: "Invalid input.",
  detail: "bad",
  pointer: index === null ? "/data" : formatErrorPointer(index, field),
});
function job(over: Partial<Job>): Job {
  return {
    type: "item-create",
    id: "J",
    status: "processing",
    createdAt: "2026-11-28T10:00:00+00:00",
    completedAt: null,
    expiresAt: null,
    totalCount: 6,
    completedCount: 0,
    failedCount: 0,
    errors: [],
    relatedIds: [],
    ...over,
  };
}
const view = (j: Job, included: CatalogResource[]) => payloadView(j, included, errorRefsOf(j));

describe("payloadView", () => {
  it("places successes between failed entries when relationships list exactly the processed successes", () => {
    // entries 0..4 processed; 1 and 3 failed; 0, 2, 4 became SKU-10, SKU-12, SKU-14
    const j = job({
      completedCount: 3,
      failedCount: 2,
      errors: [error(1), error(3)],
      relatedIds: [10, 12, 14].map((n) => resource(n).id),
    });
    const v = view(j, [resource(10), resource(12), resource(14)]);
    expect(v.alignment).toBe("succeeded-only");
    expect(v.entries.map((e) => [e.index, e.outcome, e.resource?.externalId ?? null])).toEqual([
      [0, "succeeded", "SKU-10"],
      [1, "failed", null],
      [2, "succeeded", "SKU-12"],
      [3, "failed", null],
      [4, "succeeded", "SKU-14"],
    ]);
    expect(v.byIndex.get(3)?.errors[0]?.field).toBe("price");
    expect(v.unplaced).toEqual([]);
  });

  it("keeps a resource id when `included` lacks its attributes", () => {
    const j = job({ completedCount: 1, failedCount: 0, relatedIds: ["$custom:::$default:::X"] });
    const v = view(j, []);
    expect(v.entries[0]).toMatchObject({ index: 0, resourceId: "$custom:::$default:::X", resource: null });
  });

  it("maps failed entries to their resource when relationships list every entry", () => {
    const ids = [0, 1, 2, 3, 4, 5].map((n) => resource(n).id);
    const j = job({
      type: "item-update",
      status: "complete",
      completedCount: 5,
      failedCount: 1,
      errors: [error(4)],
      relatedIds: ids,
    });
    const v = view(j, [resource(4)]);
    expect(v.alignment).toBe("every-entry");
    expect(v.byIndex.get(4)).toMatchObject({ outcome: "failed", resource: { externalId: "SKU-4" } });
  });

  it("does not guess when the counts do not line up", () => {
    const j = job({ completedCount: 4, failedCount: 1, errors: [error(2)], relatedIds: [resource(7).id] });
    const v = view(j, [resource(7), resource(8)]);
    expect(v.alignment).toBe("unknown");
    expect(v.entries.map((e) => [e.index, e.outcome])).toEqual([[2, "failed"]]);
    expect(v.unplaced.map((u) => u.resource?.externalId)).toEqual(["SKU-7", "SKU-8"]);
  });

  it("refuses an alignment that a pointer beyond the processed entries contradicts", () => {
    const j = job({ completedCount: 1, failedCount: 1, errors: [error(5)], relatedIds: [resource(0).id] });
    expect(view(j, [resource(0)]).alignment).toBe("unknown");
  });

  it("keeps errors that name no entry apart", () => {
    const j = job({ completedCount: 0, failedCount: 1, errors: [error(null)] });
    const v = view(j, []);
    expect(v.unindexedErrors).toHaveLength(1);
    expect(v.entries).toEqual([]);
  });

  it("treats a clean job's successes as every processed entry in order", () => {
    const j = job({ completedCount: 2, failedCount: 0, relatedIds: [resource(1).id, resource(2).id] });
    expect(view(j, [resource(1), resource(2)]).entries.map((e) => e.resource?.title)).toEqual(["Item 1", "Item 2"]);
  });
});
