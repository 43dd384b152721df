import { describe, expect, it } from "vitest";
import { JOB_TYPE_INFO, JOB_TYPES } from "@/lib/job-types";
import { ANCHOR, asErrors, asOne, call, frozenSimulator, ORIGIN } from "@/lib/klaviyo-simulator/testing";

const ITEM_CREATE = JOB_TYPE_INFO["item-create"].path;

describe("get-one", () => {
  it("answers one job with its relationships and links", async () => {
    const sim = frozenSimulator();
    const job = sim.store.listJobs("item-update", { status: "complete" })[0]!;
    const answer = await call(sim, `/api/catalog-item-bulk-update-jobs/${job.id}`);
    expect(answer.status).toBe(200);
    const body = asOne(answer);
    expect(body.data).toMatchObject({
      type: "catalog-item-bulk-update-job",
      id: job.id,
      attributes: { status: "complete", total_count: job.totalCount },
    });
    expect(body.data.relationships?.items?.data).toHaveLength(job.completedCount);
    expect(body.included).toBeUndefined();
    expect(body.links?.self).toBe(`${ORIGIN}/api/catalog-item-bulk-update-jobs/${job.id}`);
  });

  it("includes the created or updated resources with include=…, sparse with fields[catalog-…]", async () => {
    const sim = frozenSimulator();
    for (const type of JOB_TYPES.filter((t) => JOB_TYPE_INFO[t].include)) {
      const info = JOB_TYPE_INFO[type];
      const job = sim.store.listJobs(type, { status: "complete" }).find((candidate) => candidate.completedCount > 0)!;
      const body = asOne(await call(sim, `${info.path}/${job.id}?include=${info.include}`));
      const linked = body.data.relationships?.[info.include!]?.data ?? [];
      expect(body.included?.map((resource) => resource.id)).toEqual(linked.map((resource) => resource.id));
      expect(body.included?.[0]).toMatchObject({
        type: info.relatedType,
        links: { self: expect.stringContaining(encodeURIComponent("$custom:::$default:::")) },
      });
      const field = info.resource === "category" ? "name" : "title";
      const sparse = asOne(
        await call(sim, `${info.path}/${job.id}?include=${info.include}&fields[${info.relatedType}]=${field}`),
      );
      expect(Object.keys(sparse.included?.[0]?.attributes ?? {})).toEqual([field]);
    }
  });

  it("lets hostile catalog values through untouched, as an API would", async () => {
    const sim = frozenSimulator({ rateLimits: false });
    const found = new Set<string>();
    for (const job of sim.store.listJobs("item-create", { status: "complete" }).slice(0, 60)) {
      const body = asOne(await call(sim, `${ITEM_CREATE}/${job.id}?include=items`));
      for (const item of body.included ?? []) {
        if (String(item.attributes.title).includes("<")) found.add("markup");
        if (String(item.attributes.url).startsWith("javascript:")) found.add("script-url");
        if (String(item.attributes.description).length > 5_000) found.add("long");
      }
    }
    expect([...found].sort()).toEqual(["long", "markup", "script-url"]);
  });

  it("names the deleted resources on delete jobs, which take no include", async () => {
    const sim = frozenSimulator();
    const job = sim.store
      .listJobs("variant-delete", { status: "complete" })
      .find((candidate) => candidate.completedCount > 0)!;
    const body = asOne(await call(sim, `/api/catalog-variant-bulk-delete-jobs/${job.id}`));
    expect(body.data.relationships?.variants?.data[0]).toMatchObject({
      type: "catalog-variant",
      id: expect.stringMatching(/^\$custom:::\$default:::/),
    });
    const refused = await call(sim, `/api/catalog-variant-bulk-delete-jobs/${job.id}?include=variants`);
    expect(refused.status).toBe(400);
    expect(asErrors(refused).errors[0]?.source).toEqual({ parameter: "include" });
  });

  it("refuses an include that does not belong to the job kind", async () => {
    const sim = frozenSimulator();
    const job = sim.store.listJobs("item-create")[0]!;
    const answer = await call(sim, `${ITEM_CREATE}/${job.id}?include=variants`);
    expect(answer.status).toBe(400);
    expect(asErrors(answer).errors[0]?.detail).toBe(
      "'variants' is not an allowed include parameter for this resource.",
    );
  });

  it("answers 404 with Klaviyo's error body for unknown, other-kind, future and expired ids", async () => {
    const sim = frozenSimulator();
    const future = sim.store.listJobs("item-update", { at: ANCHOR + 3 * 3_600_000 })[0]!;
    const oldest = sim.store.listJobs("item-update").at(-1)!;
    const otherKind = sim.store.listJobs("item-create")[0]!;
    for (const id of ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "nope", future.id, otherKind.id]) {
      const answer = await call(sim, `/api/catalog-item-bulk-update-jobs/${id}`);
      expect(answer.status, id).toBe(404);
      expect(asErrors(answer).errors[0]).toMatchObject({ status: 404, code: "not_found" });
    }
    sim.clock.set(Date.parse(oldest.expiresAt!) + 1_000);
    expect((await call(sim, `/api/catalog-item-bulk-update-jobs/${oldest.id}`)).status).toBe(404);
  });
});
