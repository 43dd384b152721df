import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogResource, Job, JobError } from "../types";
import { getStoredJob, keepIncluded, pruneHistory, recordJobs } from "./jobs";
import { rowsOf, type Store } from "./open";
import { entriesByKey, errorGroupsByWords, jobsByIdPrefix } from "./search";
import { backfillSearchIndex } from "./search-index";
import { ENGINES, type TestPlace } from "./testing";

let serial = 0;
const account = () => `search-${++serial}-${Math.random().toString(36).slice(2, 8)}`;
const T = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

function job(id: string, overrides: Partial<Job> = {}): Job {
  return {
    type: "item-create",
    id,
    status: "complete",
    createdAt: "2026-12-01T10:00:00.000Z",
    completedAt: "2026-12-01T10:05:00.000Z",
    expiresAt: "2026-12-08T10:05:00.000Z",
    totalCount: 4,
    completedCount: 2,
    failedCount: 2,
    errors: [],
    relatedIds: [],
    ...overrides,
  };
}

const error = (index: number, code: string, field: string, detail: string, title = "Invalid input."): JobError => ({
  id: `e-${index}-${code}`,
  code,
  title,
  detail,
  pointer: field === "id" ? `/data/${index}/id` : `/data/${index}/attributes/${field}`,
});

/** A create job as the simulator answers it: entry 1 failed on its price, entry 3 was a duplicate. */
const FAILED_CREATE = job("01JOBCREATE0000000000000001", {
  errors: [
    error(1, "invalid", "price", "'price' must be a number greater than or equal to 0; got -12.5."),
    error(3, "duplicate", "external_id", "A catalog item with external_id 'SKU-77' already exists.", "Duplicate."),
  ],
  relatedIds: ["$custom:::$default:::SKU-10", "$custom:::$default:::SKU-12"],
});

const resource = (externalId: string, sku: string | null = null): CatalogResource => ({
  type: "catalog-variant",
  id: `$custom:::$default:::${externalId}`,
  externalId,
  title: null,
  description: null,
  price: null,
  url: null,
  imageUrl: null,
  published: null,
  sku,
  inventoryQuantity: null,
  customMetadata: null,
  updated: null,
});

describe.each(ENGINES)("the search index on $name", (engine) => {
  let place: TestPlace;
  let store: Store;

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  const count = async (a: string) =>
    Number(
      (
        await rowsOf<{ n: string }>(store.db, sql`select count(*)::text as n from search_entries where account = ${a}`)
      )[0]?.n,
    );
  const bySku = (a: string, sku: string) =>
    entriesByKey(store.db, { account: a, kind: "sku", key: sku.toLowerCase(), limit: 50 });

  it.skipIf(!engine.available)("finds a recorded job by SKU, error code and error words", async () => {
    const a = account();
    await recordJobs(store.db, a, [FAILED_CREATE], T(1));

    const created = await bySku(a, "sku-12");
    expect(created.map((hit) => [hit.jobId, hit.outcome, hit.label, hit.jobStatus])).toEqual([
      [FAILED_CREATE.id, "created", "SKU-12", "complete"],
    ]);
    const duplicate = await bySku(a, "SKU-77");
    expect(duplicate).toMatchObject([{ outcome: "failed", code: "duplicate", field: "external_id" }]);

    const invalid = await entriesByKey(store.db, { account: a, kind: "error", key: "invalid", limit: 50 });
    expect(invalid).toMatchObject([{ jobId: FAILED_CREATE.id, code: "invalid", field: "price", count: 1 }]);

    const words = await errorGroupsByWords(store.db, { account: a, words: ["greater", "-12.5"], limit: 50 });
    expect(words.map((hit) => hit.code)).toEqual(["invalid"]);
    expect(await errorGroupsByWords(store.db, { account: a, words: ["greater", "nowhere"], limit: 50 })).toEqual([]);
  });

  it.skipIf(!engine.available)("finds a failed create's SKU only when its error quotes it", async () => {
    const a = account();
    await recordJobs(store.db, a, [FAILED_CREATE], T(1));
    // Entry 1 (the bad price) was SKU-11 in the payload, but nothing Klaviyo answers says so: the
    // related ids name only the entries that went through, and its error quotes no id.
    expect(await bySku(a, "SKU-11")).toEqual([]);
    expect((await bySku(a, "SKU-77"))[0]?.detail).toContain("SKU-77");
  });

  it.skipIf(!engine.available)(
    "names a related resource a failed entry referred to, apart from the entry",
    async () => {
      const a = account();
      const category = job("01JOBCATEGORY00000000000001", {
        type: "category-create",
        errors: [
          {
            id: "e1",
            code: "not_found",
            title: "Related resource not found.",
            detail: "Catalog item '$custom:::$default:::SKU-4040' does not exist.",
            pointer: "/data/2/relationships/items",
          },
        ],
      });
      await recordJobs(store.db, a, [category], T(1));
      expect(await bySku(a, "sku-4040")).toMatchObject([{ outcome: "named", code: "not_found", field: "items" }]);
    },
  );

  it.skipIf(!engine.available)("does not duplicate entries when a job is recorded again", async () => {
    const a = account();
    await recordJobs(store.db, a, [FAILED_CREATE], T(1));
    const first = await count(a);
    expect(first).toBeGreaterThan(0);
    await recordJobs(store.db, a, [FAILED_CREATE], T(2));
    await recordJobs(store.db, a, [{ ...FAILED_CREATE, completedCount: 3 }], T(3));
    expect(await count(a)).toBe(first);
    // A job that gains an error is indexed anew, still once per entry.
    const more = {
      ...FAILED_CREATE,
      errors: [...FAILED_CREATE.errors, error(2, "invalid", "price", "'price' must be a number; got null.")],
    };
    await recordJobs(store.db, a, [more], T(4));
    expect(await count(a)).toBe(first);
    const groups = await entriesByKey(store.db, { account: a, kind: "error", key: "invalid", limit: 50 });
    expect(groups).toMatchObject([{ count: 2 }]);
  });

  it.skipIf(!engine.available)("keeps related ids that a list answer (with none) does not repeat", async () => {
    const a = account();
    await recordJobs(store.db, a, [FAILED_CREATE], T(1));
    await recordJobs(store.db, a, [{ ...FAILED_CREATE, relatedIds: [] }], T(2));
    expect((await getStoredJob(store.db, a, "item-create", FAILED_CREATE.id))?.relatedIds).toHaveLength(2);
    expect(await bySku(a, "SKU-10")).toHaveLength(1);
  });

  it.skipIf(!engine.available)("indexes kept items, by external id and by a variant's SKU", async () => {
    const a = account();
    const variants = job("01JOBVARIANT000000000000001", { type: "variant-update", relatedIds: [] });
    await recordJobs(store.db, a, [variants], T(1));
    expect(await bySku(a, "SKU-5-RED")).toEqual([]);
    await keepIncluded(store.db, a, "variant-update", variants.id, [resource("SKU-5-Red", "RED-005")], T(2));
    expect(await bySku(a, "sku-5-red")).toMatchObject([{ outcome: "updated", jobId: variants.id }]);
    expect(await bySku(a, "red-005")).toMatchObject([{ outcome: "updated" }]);
  });

  it.skipIf(!engine.available)("pages newest first, by keyset, across job types", async () => {
    const a = account();
    const list = [0, 1, 2, 3, 4].map((i) =>
      job(`01JOBPAGE00000000000000000${i}`, {
        type: i % 2 ? "item-update" : "item-delete",
        createdAt: T(10 + i).toISOString(),
        relatedIds: ["$custom:::$default:::SKU-PAGED"],
      }),
    );
    await recordJobs(store.db, a, list, T(30));
    const first = await entriesByKey(store.db, { account: a, kind: "sku", key: "sku-paged", limit: 2 });
    expect(first.map((hit) => hit.jobId)).toEqual([list[4]!.id, list[3]!.id]);
    expect(first.map((hit) => hit.outcome)).toEqual(["deleted", "updated"]);
    const last = first.at(-1)!;
    const second = await entriesByKey(store.db, { account: a, kind: "sku", key: "sku-paged", limit: 10, after: last });
    expect(second.map((hit) => hit.jobId)).toEqual([list[2]!.id, list[1]!.id, list[0]!.id]);

    const prefix = await jobsByIdPrefix(store.db, { account: a, prefix: "01JOBPAGE", limit: 3 });
    expect(prefix.map((hit) => hit.jobId)).toEqual([list[4]!.id, list[3]!.id, list[2]!.id]);
    const rest = await jobsByIdPrefix(store.db, { account: a, prefix: "01JOBPAGE", limit: 3, after: prefix.at(-1)! });
    expect(rest.map((hit) => hit.jobId)).toEqual([list[1]!.id, list[0]!.id]);
    // LIKE's wildcards in what was typed are only characters.
    expect(await jobsByIdPrefix(store.db, { account: a, prefix: "01JOB_AGE", limit: 3 })).toEqual([]);
  });

  it.skipIf(!engine.available)("backfills jobs stored before the index, in resumable batches", async () => {
    const a = account();
    const list = [0, 1, 2].map((i) => job(`01JOBBACKFILL0000000000000${i}`, { relatedIds: [`x:::y:::BF-${i}`] }));
    await recordJobs(store.db, a, list, T(1));
    // As a store migrated from before the index: no entries, no backfill noted.
    await store.db.execute(sql`delete from search_entries`);
    await store.db.execute(sql`delete from store_meta where key = 'search_index_backfill'`);
    expect(await bySku(a, "BF-2")).toEqual([]);
    let batches = 0;
    while ((await backfillSearchIndex(store.db, 2)) > 0) batches++;
    expect(batches).toBeGreaterThanOrEqual(2);
    for (const i of [0, 1, 2]) expect(await bySku(a, `bf-${i}`)).toHaveLength(1);
    expect(await backfillSearchIndex(store.db, 2)).toBe(0);
  });

  it.skipIf(!engine.available)("forgets the entries of pruned jobs", async () => {
    const a = account();
    await recordJobs(store.db, a, [FAILED_CREATE], T(1));
    await pruneHistory(store.db, a, new Date("2026-12-02T00:00:00Z"));
    expect(await count(a)).toBe(0);
  });
});
