import { describe, expect, it } from "vitest";
import { cursorFromLink, toJobDetail, toJobPage } from "./reshape";
import { jobDocumentSchema, jobListDocumentSchema } from "./schema";
import { jobResource } from "./testing";

const FETCHED = "2026-11-28T12:00:00.000Z";

function page(document: unknown) {
  return toJobPage("item-create", null, jobListDocumentSchema.parse(document), FETCHED);
}

describe("tolerant job parsing", () => {
  it("reads the current shape (data.id) into the app's Job", () => {
    const result = page({ data: [jobResource()], links: { self: "x", next: null, prev: null } });
    expect(result.jobs).toEqual([
      {
        type: "item-create",
        id: "01GSQPBF74KQ5YTDEPP41T1BZH",
        status: "processing",
        createdAt: "2026-11-28T11:00:00+00:00",
        completedAt: null,
        expiresAt: "2026-12-05T11:00:00+00:00",
        totalCount: 10,
        completedCount: 9,
        failedCount: 1,
        errors: [
          {
            id: "e4eebb08-b055-4a6f-bb13-c8cb69c9eb94",
            code: "invalid",
            title: "Invalid input",
            detail: "The payload provided in the request is invalid.",
            pointer: "/data/3/attributes/price",
          },
        ],
        relatedIds: ["$custom:::$default:::SKU-1"],
      },
    ]);
    expect(result.nextCursor).toBeNull();
    expect(result.prevCursor).toBeNull();
  });

  it("reads the 2023-02-22 shape: attributes.job_id, no data.id, offset-less timestamps, first/last links", () => {
    const old = {
      type: "catalog-item-bulk-create-job",
      attributes: {
        job_id: "01OLDSHAPEJOB",
        status: "complete",
        created_at: "2022-11-08T00:00:00",
        total_count: 3,
        completed_count: 3,
        failed_count: 0,
        completed_at: "2022-11-08T00:01:00",
        expires_at: "2022-11-15T00:00:00",
        errors: [{ id: "e1", code: "invalid", title: "t", detail: "d", source: { pointer: "/data" } }],
      },
      links: { self: "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01OLDSHAPEJOB/" },
    };
    const result = page({
      data: [old],
      links: { self: "s", first: "f", last: "l", prev: "p", next: "n" },
      included: [],
    });
    expect(result.jobs[0]?.id).toBe("01OLDSHAPEJOB");
    expect(result.jobs[0]?.status).toBe("complete");
    expect(result.jobs[0]?.relatedIds).toEqual([]);
  });

  it("prefers data.id when both ids are present", () => {
    const both = jobResource({ id: "01NEW", attributes: { job_id: "01OLD" } });
    expect(page({ data: [both] }).jobs[0]?.id).toBe("01NEW");
  });

  it("accepts nulls for counts, timestamps, errors and links, and extra fields anywhere", () => {
    const nulls = jobResource({
      status: "queued",
      attributes: {
        completed_count: null,
        failed_count: null,
        total_count: null,
        errors: null,
        expires_at: null,
        brand_new_field: { x: 1 },
      },
    });
    const result = page({
      data: [{ ...nulls, relationships: null, meta: { extra: true } }],
      links: null,
      meta: { agent_hints: {} },
    });
    expect(result.jobs[0]).toMatchObject({
      totalCount: 0,
      completedCount: 0,
      failedCount: 0,
      errors: [],
      expiresAt: null,
      relatedIds: [],
    });
  });

  it("keeps an unknown status as it is instead of failing", () => {
    expect(page({ data: [jobResource({ status: "paused_for_review" })] }).jobs[0]?.status).toBe("paused_for_review");
  });

  it("rejects a job with no id at all, and a document without data", () => {
    const noId = { ...jobResource(), id: undefined };
    expect(jobListDocumentSchema.safeParse({ data: [noId] }).success).toBe(false);
    expect(jobListDocumentSchema.safeParse({ errors: [] }).success).toBe(false);
  });

  it("sorts a page newest first (Klaviyo guarantees no order)", () => {
    const older = jobResource({ id: "A", attributes: { created_at: "2026-11-27T00:00:00+00:00" } });
    const newer = jobResource({ id: "B", attributes: { created_at: "2026-11-28T00:00:00+00:00" } });
    expect(page({ data: [older, newer] }).jobs.map((j) => j.id)).toEqual(["B", "A"]);
  });

  it("falls back for error entries with missing fields", () => {
    const sparse = jobResource({ attributes: { errors: [{ code: null, source: null }] } });
    expect(page({ data: [sparse] }).jobs[0]?.errors).toEqual([
      { id: "error-0", code: "unknown", title: "", detail: "", pointer: null },
    ]);
  });
});

describe("cursors", () => {
  it("keeps only the page[cursor] value of Klaviyo's next/prev URLs", () => {
    const next =
      "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs?filter=equals(status,%22processing%22)&page%5Bcursor%5D=WzE2NDA5OTUyMDAsICIzYzRjeXdGTndadyIsIHRydWVd";
    const result = page({ data: [], links: { self: "s", next, prev: null } });
    expect(result.nextCursor).toBe("WzE2NDA5OTUyMDAsICIzYzRjeXdGTndadyIsIHRydWVd");
  });

  it("never keeps a host or path: a foreign URL yields only its cursor, junk yields null", () => {
    expect(cursorFromLink("https://evil.example/steal?page[cursor]=abc123")).toBe("abc123");
    expect(cursorFromLink("https://a.klaviyo.com/api/x?page[cursor]=https://evil.example/")).toBeNull();
    expect(cursorFromLink("https://a.klaviyo.com/api/x")).toBeNull();
    expect(cursorFromLink("not a url at all ::")).toBeNull();
    expect(cursorFromLink(null)).toBeNull();
  });
});

describe("job detail", () => {
  it("reshapes included items, variants and categories, and drops unknown included kinds", () => {
    const document = jobDocumentSchema.parse({
      data: jobResource({ status: "complete" }),
      included: [
        {
          type: "catalog-item",
          id: "$custom:::$default:::SKU-1",
          attributes: {
            external_id: "SKU-1",
            title: "Shirt",
            price: 42,
            url: null,
            image_full_url: "https://img/x.png",
            published: true,
            custom_metadata: { a: 1 },
            updated: "2026-11-28T11:00:00+00:00",
            new_attr: 1,
          },
          links: { self: "x" },
        },
        {
          type: "catalog-category",
          id: "$custom:::$default:::CAT",
          attributes: { name: "Apparel", external_id: null },
        },
        {
          type: "catalog-variant",
          id: "$custom:::$default:::V",
          attributes: { sku: "OBS-MD", inventory_quantity: 3, title: null },
        },
        { type: "catalog-item-image", id: "img-1", attributes: {} },
      ],
    });
    const detail = toJobDetail("item-create", document, FETCHED);
    expect(detail.job.status).toBe("complete");
    expect(detail.fetchedAt).toBe(FETCHED);
    expect(detail.included.map((r) => [r.type, r.title])).toEqual([
      ["catalog-item", "Shirt"],
      ["catalog-category", "Apparel"],
      ["catalog-variant", null],
    ]);
    expect(detail.included[0]).toMatchObject({
      externalId: "SKU-1",
      price: 42,
      imageUrl: "https://img/x.png",
      published: true,
      customMetadata: { a: 1 },
    });
    expect(detail.included[2]).toMatchObject({ sku: "OBS-MD", inventoryQuantity: 3 });
  });

  it("treats a delete job's missing included as empty", () => {
    const document = jobDocumentSchema.parse({ data: jobResource(), links: { self: "x" } });
    expect(toJobDetail("item-delete", document, FETCHED).included).toEqual([]);
  });
});
