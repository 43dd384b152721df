import { describe, expect, it } from "vitest";
import { JOB_TYPE_INFO, JOB_TYPES } from "@/lib/job-types";
import { asErrors, asList, call, frozenSimulator, ORIGIN } from "@/lib/klaviyo-simulator/testing";

const ITEM_CREATE = JOB_TYPE_INFO["item-create"].path;

describe("job lists", () => {
  it("answer JSON:API with the vnd.api+json media type", async () => {
    const answer = await call(frozenSimulator(), ITEM_CREATE);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/vnd.api+json");
    const body = asList(answer);
    expect(body.data).toHaveLength(100);
    expect(body.data[0]).toMatchObject({
      type: "catalog-item-bulk-create-job",
      links: { self: `${ORIGIN}${ITEM_CREATE}/${body.data[0]!.id}` },
    });
    expect(body.links).toEqual({
      self: `${ORIGIN}${ITEM_CREATE}`,
      next: expect.stringContaining("page%5Bcursor%5D="),
      prev: null,
    });
  });

  it("page through every visible job, newest first, 100 at most, with null links at the ends", async () => {
    const sim = frozenSimulator();
    for (const type of JOB_TYPES) {
      const expected = sim.store.listJobs(type).map((job) => job.id);
      const seen: string[] = [];
      let url: string | null = JOB_TYPE_INFO[type].path;
      let pages = 0;
      let lastLinks = null;
      while (url) {
        const body = asList(await call(sim, url));
        expect(body.data.length).toBeLessThanOrEqual(100);
        if (pages === 0) expect(body.links.prev).toBeNull();
        else expect(body.links.prev).not.toBeNull();
        seen.push(...body.data.map((job) => job.id));
        lastLinks = body.links;
        url = body.links.next;
        pages++;
      }
      expect(lastLinks?.next).toBeNull();
      expect(seen).toEqual(expected);
      expect(pages, type).toBeGreaterThanOrEqual(2);
      const created = seen.map((id) => sim.store.getJob(type, id)!.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
    }
  });

  it("go back with links.prev to the same page", async () => {
    const sim = frozenSimulator();
    const first = asList(await call(sim, ITEM_CREATE));
    const second = asList(await call(sim, first.links.next!));
    const back = asList(await call(sim, second.links.prev!));
    expect(back.data.map((job) => job.id)).toEqual(first.data.map((job) => job.id));
    expect(back.links.prev).toBeNull();
  });

  it("keep the query in links.self, next and prev", async () => {
    const sim = frozenSimulator();
    const query = `filter=${encodeURIComponent('equals(status,"complete")')}&fields%5Bcatalog-item-bulk-create-job%5D=status,total_count`;
    const body = asList(await call(sim, `${ITEM_CREATE}?${query}`));
    const next = new URL(body.links.next!);
    expect(next.searchParams.get("filter")).toBe('equals(status,"complete")');
    expect(next.searchParams.get("fields[catalog-item-bulk-create-job]")).toBe("status,total_count");
    expect(new URL(body.links.self).searchParams.get("filter")).toBe('equals(status,"complete")');
  });

  it("filter on status with either quote", async () => {
    const sim = frozenSimulator();
    for (const status of ["queued", "processing", "complete", "cancelled"] as const) {
      const expected = sim.store
        .listJobs("variant-create", { status })
        .slice(0, 100)
        .map((job) => job.id);
      for (const quote of ['"', "'"]) {
        const body = asList(
          await call(sim, `/api/catalog-variant-bulk-create-jobs?filter=equals(status,${quote}${status}${quote})`),
        );
        expect(body.data.map((job) => job.id)).toEqual(expected);
        for (const job of body.data) expect(job.attributes.status).toBe(status);
      }
    }
  });

  it("refuse any other filter with 400 invalid on the filter parameter", async () => {
    const sim = frozenSimulator();
    for (const filter of [
      "equals(status,processing)",
      'equals(created_at,"2026-01-01")',
      'greater-than(status,"queued")',
      'equals(status,"done")',
      "nonsense",
    ]) {
      const answer = await call(sim, `${ITEM_CREATE}?filter=${encodeURIComponent(filter)}`);
      expect(answer.status, filter).toBe(400);
      expect(answer.headers.get("content-type")).toBe("application/vnd.api+json");
      expect(asErrors(answer).errors[0]).toMatchObject({
        status: 400,
        code: "invalid",
        title: "Invalid input.",
        source: { parameter: "filter" },
      });
    }
  });

  it("return only the requested attributes with fields[…]", async () => {
    const body = asList(
      await call(frozenSimulator(), `${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=status,failed_count`),
    );
    for (const job of body.data) expect(Object.keys(job.attributes).sort()).toEqual(["failed_count", "status"]);
    const ids = asList(await call(frozenSimulator(), `${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=id`));
    expect(ids.data[0]).toMatchObject({ id: expect.any(String), attributes: {} });
  });

  it("refuse unknown fields, parameters Klaviyo does not take, and repeated parameters", async () => {
    const sim = frozenSimulator();
    const cases: Array<[string, string]> = [
      [`${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=status,job_id`, "fields[catalog-item-bulk-create-job]"],
      [`${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=`, "fields[catalog-item-bulk-create-job]"],
      [`${ITEM_CREATE}?page[size]=50`, "page[size]"],
      [`${ITEM_CREATE}?sort=-created_at`, "sort"],
      [`${ITEM_CREATE}?include=items`, "include"],
      [`${ITEM_CREATE}?filter=equals(status,"queued")&filter=equals(status,"complete")`, "filter"],
    ];
    for (const [path, parameter] of cases) {
      const answer = await call(sim, path);
      expect(answer.status, path).toBe(400);
      expect(asErrors(answer).errors[0]?.source).toEqual({ parameter });
    }
  });

  it("answer a garbled cursor with 400 Invalid cursor provided.", async () => {
    const sim = frozenSimulator();
    for (const cursor of ["garbage", "WzE2NDA5OTUyMDAsICIzYzRjeXdGTndadyIsIHRydWVd", "%%%"]) {
      const answer = await call(sim, `${ITEM_CREATE}?page%5Bcursor%5D=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(400);
      expect(asErrors(answer).errors[0]).toMatchObject({ code: "invalid", detail: "Invalid cursor provided." });
    }
  });

  it("accept the old trailing-slash paths", async () => {
    const sim = frozenSimulator();
    const body = asList(await call(sim, `${ITEM_CREATE}/`));
    expect(body.data).toHaveLength(100);
    const id = body.data[0]!.id;
    expect((await call(sim, `${ITEM_CREATE}/${id}/`)).status).toBe(200);
  });

  it("show new jobs arriving and states advancing as the clock moves", async () => {
    const sim = frozenSimulator();
    const before = asList(await call(sim, "/api/catalog-item-bulk-update-jobs"));
    sim.clock.advance(2 * 3_600_000);
    const after = asList(await call(sim, "/api/catalog-item-bulk-update-jobs"));
    expect(after.data[0]!.id).not.toBe(before.data[0]!.id);
    const queuedBefore = asList(
      await call(frozenSimulator(), `/api/catalog-variant-bulk-create-jobs?filter=equals(status,"queued")`),
    ).data.length;
    const queuedAfter = asList(await call(sim, `/api/catalog-variant-bulk-create-jobs?filter=equals(status,"queued")`))
      .data.length;
    expect(queuedAfter).toBeLessThan(queuedBefore);
  });
});
