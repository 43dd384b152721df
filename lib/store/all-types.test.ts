/**
 * The list of every job type, read from the history on both engines: newest first across types, a
 * status filter, keyset pages without gaps or repeats, other accounts left out, and an index behind
 * each query; then the page the API answers with (lib/jobs/all-types.server).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JOB_STATUSES, JOB_TYPES } from "../job-types";
import type { Job } from "../types";
import { listStoredJobs, maintainTables, recordJobs, setMeta } from "./jobs";
import type { Store } from "./open";
import { ENGINES, type TestPlace } from "./testing";

vi.mock("server-only", () => ({}));

let serial = 0;
const account = () => `all-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

/** 230 jobs of every type, some created at the same instant (the id breaks the tie). */
const many: Job[] = Array.from({ length: 230 }, (_, i) => ({
  type: JOB_TYPES[i % JOB_TYPES.length]!,
  id: `j${String(i).padStart(4, "0")}`,
  status: JOB_STATUSES[i % JOB_STATUSES.length]!,
  createdAt: new Date(Date.UTC(2026, 11, 1) + Math.floor(i / 3) * 60_000).toISOString(),
  completedAt: null,
  expiresAt: null,
  totalCount: 10,
  completedCount: 0,
  failedCount: 0,
  errors: [],
  relatedIds: [],
}));

const newestFirst = (list: Job[]) =>
  [...list].sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id)).map((j) => j.id);

describe.each(ENGINES)("every type from the history on $name", (engine) => {
  let place: TestPlace;
  let store: Store;
  const a = account();

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
    await recordJobs(store.db, a, many, new Date("2026-12-02T00:00:00Z"));
    // Another account's jobs, newer than all of them: never in this account's list.
    const other = many.slice(0, 20).map((j) => ({ ...j, id: `x${j.id}`, createdAt: "2026-12-05T00:00:00.000Z" }));
    await recordJobs(store.db, account(), other, new Date("2026-12-02T00:00:00Z"));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  it.skipIf(!engine.available)("pages newest first across types, without gaps or repeats", async () => {
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await listStoredJobs(store.db, { account: a, after, limit: 70 });
      seen.push(...page.map((j) => j.id));
      if (page.length < 70) break;
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual(newestFirst(many));
    const first = await listStoredJobs(store.db, { account: a, limit: 20 });
    expect(new Set(first.map((j) => j.type)).size).toBeGreaterThan(1);
  });

  it.skipIf(!engine.available)("filters by status over every type", async () => {
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await listStoredJobs(store.db, { account: a, status: "queued", after, limit: 25 });
      seen.push(...page.map((j) => j.id));
      if (page.length < 25) break;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    expect(seen).toEqual(newestFirst(many.filter((j) => j.status === "queued")));
  });

  it.skipIf(!engine.available)("reads each list by an index that gives its order", async () => {
    await maintainTables(store.db);
    const plan = async (where: string) =>
      store.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const result = (await tx.execute(
          sql.raw(`explain select id from jobs where ${where} order by created_at desc, id desc limit 100`),
        )) as unknown as { rows: Record<string, string>[] };
        return result.rows.map((row) => Object.values(row)[0]).join("\n");
      });
    const all = await plan(`account = '${a}'`);
    expect(all).toContain("jobs_by_created");
    expect(all).not.toMatch(/Sort/);
    // Finished jobs are most of the history; running ones are few, and jobs_unfinished may serve them.
    const complete = await plan(`account = '${a}' and status = 'complete'`);
    expect(complete).toContain("jobs_by_status");
    expect(complete).not.toMatch(/Sort/);
  });

  it.skipIf(!engine.available)(
    "answers the API's page: opaque cursors, freshness, a foreign cursor, no store",
    async () => {
      const { listFromHistory } = await import("../jobs/all-types.server");
      await setMeta(store.db, `last_pass:${a}`, "2026-12-02T00:00:00.000Z");
      await setMeta(store.db, `history_since:${a}`, "2026-11-01T00:00:00.000Z");
      const options = { store, account: a };
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await listFromHistory({ type: "all", cursor }, options);
        expect(page.prevCursor === null).toBe(cursor === undefined);
        expect(page).toMatchObject({
          type: "all",
          status: null,
          note: null,
          history: { asOf: "2026-12-02T00:00:00.000Z", since: "2026-11-01T00:00:00.000Z" },
        });
        seen.push(...page.jobs.map((j) => j.id));
        if (!page.nextCursor) break;
        expect(page.jobs).toHaveLength(100);
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(newestFirst(many));

      // A cursor that is not one of ours opens the first page, and says so.
      const foreign = await listFromHistory({ type: "all", cursor: "bm90LWEtY3Vyc29y" }, options);
      expect(foreign.jobs.map((j) => j.id)).toEqual(seen.slice(0, 100));
      expect(foreign.note).toMatch(/first page/);
      await expect(listFromHistory({ type: "all" }, { store: null, account: a })).rejects.toMatchObject({
        code: "store_unavailable",
      });
    },
  );
});
