/**
 * GET /api/search against a real embedded store: groups of hits newest first, paged by cursor;
 * exports; bad input refused with a 400 envelope before the store is asked; no store is a 503 in
 * plain words.
 */
import { describe, expect, it, vi } from "vitest";
import { seedSearchStore } from "@/lib/search/testing";

vi.mock("server-only", () => ({}));

const seeded = seedSearchStore();
const { JOBS } = seeded;

async function search(query: string) {
  const { adoptStore } = await import("@/lib/store/shared");
  adoptStore(seeded.store());
  const { GET } = await import("./route");
  return GET(new Request(`http://localhost/api/search?${query}`));
}

describe("GET /api/search", () => {
  it("answers each group newest first, each hit linking to its job's error group", async () => {
    const response = await search("q=sku-8-red");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.groups.map((group: { group: string }) => group.group)).toEqual(["jobs", "skus", "words"]);
    const skus = body.groups[1];
    expect(skus.results).toHaveLength(20);
    expect(skus.results[0]).toMatchObject({
      jobId: JOBS[24]!.id,
      label: "SKU-8-Red",
      outcome: "failed",
      code: "duplicate",
      held: false,
      href: `/jobs/variant-create/${JOBS[24]!.id}?tab=errors&code=duplicate&field=external_id`,
    });
    expect(skus.results[1]).toMatchObject({ jobId: JOBS[23]!.id, held: true });
    expect(body.groups[0].results).toEqual([]);

    const next = await search(`q=sku-8-red&cursor=${skus.nextCursor}`);
    const page2 = await next.json();
    expect(page2.paged).toBe("skus");
    expect(page2.groups).toHaveLength(1);
    expect(page2.groups[0].results.map((hit: { jobId: string }) => hit.jobId)).toEqual(
      JOBS.slice(0, 5)
        .map((j) => j.id)
        .reverse(),
    );
    expect(page2.groups[0].nextCursor).toBeNull();
  });

  it("finds jobs by the start of their id, and error groups by code", async () => {
    const jobs = await (await search("q=01SEARCHROUTE000000000002")).json();
    expect(jobs.groups[0].results.map((hit: { jobId: string }) => hit.jobId)).toEqual([
      JOBS[24]!.id,
      JOBS[23]!.id,
      JOBS[22]!.id,
      JOBS[21]!.id,
      JOBS[20]!.id,
    ]);
    const codes = await (await search("q=duplicate")).json();
    const group = codes.groups.find((g: { group: string }) => g.group === "codes");
    expect(group.results[0]).toMatchObject({ code: "duplicate", field: "external_id", count: 1 });
  });

  it("exports the results as CSV and JSON", async () => {
    const csv = await search("q=SKU-9-Blue&format=csv");
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="search-sku-9-blue.csv"');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "group,job_type,job_id,job_status,job_created_at,in_klaviyo,key,outcome,code,field,title,detail,count,link",
    );
    // 25 jobs created SKU-9-Blue; the export is not cut at a page.
    expect(lines.filter((line) => line.startsWith("skus,"))).toHaveLength(25);
    const json = await (await search("q=SKU-9-Blue&format=json")).json();
    expect(json.filter((row: { group: string }) => row.group === "skus")[0]).toMatchObject({
      outcome: "created",
      in_klaviyo: "no",
    });
  });

  it.each([
    ["no q", "", /q: type something/],
    ["an empty q", "q=", /q: type something/],
    ["a q of 201 characters", `q=${"a".repeat(201)}`, /at most 200/],
    ["a control character", "q=SKU%0A1", /control characters/],
    ["a bad cursor", "q=SKU-1&cursor=abc", /cursor/],
    ["a bad format", "q=SKU-1&format=xml", /format: csv or json/],
    ["an unknown parameter", "q=SKU-1&type=item-create", /type: not a parameter/],
  ])("refuses %s with a 400 envelope", async (_, query, message) => {
    const response = await search(query);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(message);
  });

  it("is a 503 in plain words without a store", async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    adoptStore(null);
    const { GET } = await import("./route");
    const response = await GET(new Request("http://localhost/api/search?q=SKU-1"));
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("store_unavailable");
  });
});
