import { writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../types";
import {
  getStoredJob,
  jobHistory,
  keepIncluded,
  listStoredJobs,
  markGone,
  pruneHistory,
  rangePinState,
  recordJobs,
  SEEN_REFRESH_MS,
  setPinned,
  setRangePinned,
  storedSummary,
  typesOfId,
} from "./jobs";
import { StoreLockedError } from "./lock-file";
import { openStore, rowsOf, type Store, StoreOpenError } from "./open";
import { ENGINES, type TestPlace } from "./testing";

let serial = 0;
/** A fresh account per test, so tests sharing one store stay apart. */
const account = () => `acct-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

function job(id: string, overrides: Partial<Job> = {}): Job {
  return {
    type: "item-create",
    id,
    status: "processing",
    createdAt: "2026-12-01T10:00:00.000Z",
    completedAt: null,
    expiresAt: "2026-12-08T10:00:00.000Z",
    totalCount: 100,
    completedCount: 10,
    failedCount: 0,
    errors: [],
    relatedIds: [],
    ...overrides,
  };
}

const T = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

describe.each(ENGINES)("the store on $name", (engine) => {
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

  it.skipIf(!engine.available)("records a page once: the same answer twice changes nothing", async () => {
    const a = account();
    const page = [job("j1"), job("j2", { status: "queued", completedCount: 0 })];
    expect(await recordJobs(store.db, a, page, T(1))).toEqual({ added: 2, updated: 0, changes: 2 });
    expect(await recordJobs(store.db, a, page, T(1))).toEqual({ added: 0, updated: 0, changes: 0 });
    const stored = await getStoredJob(store.db, a, "item-create", "j1");
    expect(stored).toMatchObject({
      id: "j1",
      status: "processing",
      completedCount: 10,
      observedAt: T(1).toISOString(),
    });
    expect(stored?.createdAt).toBe("2026-12-01T10:00:00.000Z");
    expect(await getStoredJob(store.db, "another-account", "item-create", "j1")).toBeNull();
  });

  it.skipIf(!engine.available)("never lets an older answer overwrite a newer one", async () => {
    const a = account();
    await recordJobs(store.db, a, [job("j1", { completedCount: 80 })], T(5));
    // A cached answer from minute 2 arrives late.
    expect(await recordJobs(store.db, a, [job("j1", { completedCount: 20 })], T(2))).toMatchObject({ updated: 0 });
    expect((await getStoredJob(store.db, a, "item-create", "j1"))?.completedCount).toBe(80);
    const done = job("j1", {
      status: "complete",
      completedCount: 97,
      failedCount: 3,
      completedAt: "2026-12-01T10:06:00.000Z",
      errors: [{ id: "e1", code: "invalid", title: "Invalid", detail: "price", pointer: "/data/3/attributes/price" }],
    });
    expect(await recordJobs(store.db, a, [done], T(6))).toEqual({ added: 0, updated: 1, changes: 1 });
    const stored = await getStoredJob(store.db, a, "item-create", "j1");
    expect(stored).toMatchObject({ status: "complete", failedCount: 3, completedAt: "2026-12-01T10:06:00.000Z" });
    expect(stored?.errors[0]?.pointer).toBe("/data/3/attributes/price");
    // Unchanged at a later time: the answer is newer, but not a change, and not written yet.
    expect(await recordJobs(store.db, a, [done], T(7))).toEqual({ added: 0, updated: 0, changes: 0 });
    expect((await jobHistory(store.db, a, "item-create", "j1")).map((c) => [c.status, c.completedCount])).toEqual([
      ["processing", 80],
      ["complete", 97],
    ]);
  });

  it.skipIf(!engine.available)(
    "writes an unchanged job again only once its last sighting is SEEN_REFRESH_MS old; any change at once",
    async () => {
      const a = account();
      const seen = async () => (await getStoredJob(store.db, a, "item-create", "j1"))?.observedAt;
      await recordJobs(store.db, a, [job("j1")], T(0));
      expect(await recordJobs(store.db, a, [job("j1")], T(1))).toMatchObject({ updated: 0 });
      expect(await seen()).toBe(T(0).toISOString());
      const refresh = SEEN_REFRESH_MS / 60_000;
      expect(await recordJobs(store.db, a, [job("j1")], T(refresh))).toMatchObject({ updated: 1, changes: 0 });
      expect(await seen()).toBe(T(refresh).toISOString());
      // Any field that differs is written at once: counts, total, expiry, errors, a job back from "gone".
      const changes: Partial<Job>[] = [
        { completedCount: 11 },
        { completedCount: 11, totalCount: 101 },
        { completedCount: 11, totalCount: 101, expiresAt: "2026-12-09T10:00:00.000Z" },
        {
          completedCount: 11,
          totalCount: 101,
          expiresAt: "2026-12-09T10:00:00.000Z",
          errors: [{ id: "e1", code: "invalid", title: "Invalid", detail: "x", pointer: "/data/0" }],
        },
      ];
      for (const [i, change] of changes.entries()) {
        expect(
          await recordJobs(store.db, a, [job("j1", change)], T(refresh + 1 + i)),
          JSON.stringify(change),
        ).toMatchObject({ updated: 1 });
      }
      const last = job("j1", changes.at(-1));
      await markGone(store.db, a, "item-create", "j1", T(refresh + 10));
      expect(await recordJobs(store.db, a, [last], T(refresh + 11))).toMatchObject({ updated: 1 });
      expect((await getStoredJob(store.db, a, "item-create", "j1"))?.goneAt).toBeNull();
    },
  );

  it.skipIf(!engine.available)("keeps concurrent writers of one page consistent", async () => {
    const a = account();
    const pages = Array.from({ length: 6 }, (_, i) => [job("c1", { completedCount: 10 * (i + 1) })]);
    await Promise.all(pages.map((page, i) => recordJobs(store.db, a, page, T(10 + i))));
    expect((await getStoredJob(store.db, a, "item-create", "c1"))?.completedCount).toBe(60);
  });

  it.skipIf(!engine.available)("lists newest first by keyset, by type and status", async () => {
    const a = account();
    const many = Array.from({ length: 250 }, (_, i) =>
      job(`k${String(i).padStart(3, "0")}`, {
        type: i % 5 === 0 ? "variant-update" : "item-create",
        status: i % 3 === 0 ? "complete" : "processing",
        // pairs share a creation time: the id breaks the tie
        createdAt: new Date(Date.UTC(2026, 11, 1) + Math.floor(i / 2) * 60_000).toISOString(),
      }),
    );
    await recordJobs(store.db, a, many.slice(0, 100), T(1));
    await recordJobs(store.db, a, many.slice(100), T(1));
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await listStoredJobs(store.db, { account: a, type: "item-create", after, limit: 70 });
      seen.push(...page.map((j) => j.id));
      if (page.length < 70) break;
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const expected = many
      .filter((j) => j.type === "item-create")
      .sort((x, y) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id))
      .map((j) => j.id);
    expect(seen).toEqual(expected);
    const complete = await listStoredJobs(store.db, { account: a, type: "item-create", status: "complete" });
    expect(complete.every((j) => j.status === "complete")).toBe(true);
    expect(complete).toHaveLength(many.filter((j) => j.type === "item-create" && j.status === "complete").length);
    expect(await listStoredJobs(store.db, { account: a })).toHaveLength(100);
    expect(await storedSummary(store.db, a)).toEqual({ jobs: 250, oldest: "2026-12-01T00:00:00.000Z" });
  });

  it.skipIf(!engine.available)("keeps a job Klaviyo forgot, with its items, and pins it", async () => {
    const a = account();
    await recordJobs(store.db, a, [job("g1", { status: "complete", completedCount: 100 })], T(1));
    const item = {
      type: "catalog-item" as const,
      id: "$custom:::$default:::SKU-1",
      externalId: "SKU-1",
      title: "Linen shirt",
      description: null,
      price: 49,
      url: null,
      imageUrl: null,
      published: true,
      sku: "SKU-1",
      inventoryQuantity: 3,
      customMetadata: null,
      updated: null,
    };
    await keepIncluded(store.db, a, "item-create", "g1", [item], T(2));
    expect(await markGone(store.db, a, "item-create", "g1", T(3))).toBe(true);
    expect(await markGone(store.db, a, "item-create", "g1", T(4))).toBe(false);
    expect(await setPinned(store.db, a, "item-create", "g1", true)).toBe(true);
    expect(await setPinned(store.db, a, "item-create", "nope", true)).toBe(false);
    const stored = await getStoredJob(store.db, a, "item-create", "g1");
    expect(stored).toMatchObject({ goneAt: T(3).toISOString(), pinned: true, includedAt: T(2).toISOString() });
    expect(stored?.included).toEqual([item]);
    // A list leaves the kept items out (they are most of a row), and says when they were kept.
    const listed = await listStoredJobs(store.db, { account: a, type: "item-create" });
    expect(listed.find((j) => j.id === "g1")).toMatchObject({ included: null, includedAt: T(2).toISOString() });
    // Seen again at Klaviyo (a clock skew, a restore): no longer gone.
    await recordJobs(store.db, a, [job("g1", { status: "complete", completedCount: 100 })], T(5));
    expect((await getStoredJob(store.db, a, "item-create", "g1"))?.goneAt).toBeNull();
  });

  it.skipIf(!engine.available)(
    "migrates once: reopening finds everything as it was",
    async () => {
      const a = account();
      await recordJobs(store.db, a, [job("r1")], T(1));
      await store.close();
      store = await place.open();
      expect((await getStoredJob(store.db, a, "item-create", "r1"))?.id).toBe("r1");
      const applied = await rowsOf<{ n: string }>(
        store.db,
        sql`select count(*)::text as n from drizzle.__drizzle_migrations`,
      );
      expect(Number(applied[0]?.n)).toBeGreaterThan(0);
    },
    60_000,
  );

  it.skipIf(!engine.available)(
    "refuses a store a newer release has migrated, and leaves it as it is",
    async () => {
      await store.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', 99999999999999)`,
      );
      await store.close();
      const opening = place.open();
      await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
      await expect(opening).rejects.toThrow(/newer release/);
      // Removing the future migration makes it openable again: nothing was reset.
      const { databaseUrl } = place.options;
      if (databaseUrl) {
        const { Client } = await import("pg");
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query("delete from drizzle.__drizzle_migrations where hash = 'from-the-future'");
        await client.end();
      } else {
        // The embedded store cannot be opened beside this code without the check, so open it bare.
        const { PGlite } = await import("@electric-sql/pglite");
        const bare = await PGlite.create(join(place.options.dataDir!, "pglite"));
        await bare.query("delete from drizzle.__drizzle_migrations where hash = 'from-the-future'");
        await bare.close();
      }
      store = await place.open();
      expect((await storedSummary(store.db, "nobody")).jobs).toBe(0);
    },
    60_000,
  );
});

describe.skipIf(!ENGINES[1]!.available)("several instances on one PostgreSQL", () => {
  it("start together without racing on migrations", async () => {
    const place = await ENGINES[1]!.place();
    try {
      const stores = await Promise.all([place.open(), place.open(), place.open()]);
      const a = account();
      await recordJobs(stores[0]!.db, a, [job("p1")], T(1));
      expect((await getStoredJob(stores[2]!.db, a, "item-create", "p1"))?.id).toBe("p1");
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await place.remove();
    }
  }, 60_000);

  it("says which server it cannot reach, without the password", async () => {
    const opening = openStore({ databaseUrl: "postgres://dash:hunter2-secret@127.0.0.1:9/history" });
    await expect(opening).rejects.toThrow(/Cannot reach the store at postgres:\/\/127\.0\.0\.1:9\/history/);
    await expect(opening).rejects.not.toThrow(/hunter2/);
  });
});

describe("the embedded store's lock", () => {
  let place: TestPlace;
  beforeAll(async () => {
    place = await ENGINES[0]!.place();
  });
  afterAll(async () => place.remove());

  it("refuses a second opener while the first is open, naming DATABASE_URL, and takes over a dead one's lock", async () => {
    const store = await place.open();
    const second = place.open();
    await expect(second).rejects.toBeInstanceOf(StoreLockedError);
    await expect(second).rejects.toThrow(/DATABASE_URL/);
    await store.close();
    // A lock left by a process that was killed (a pid that is not running on this host).
    const lock = join(place.options.dataDir!, "store.lock");
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), since: "2026-12-01T00:00:00Z" }));
    const again = await place.open();
    await again.close();
  }, 60_000);

  it.skipIf(process.platform !== "linux")(
    "takes over the lock of a process that died and was never reaped",
    async () => {
      // A zombie: a shell starts a short sleep in the background, prints its pid, then becomes a long
      // sleep, which never waits for it (as a Next process is left when its front is killed with it).
      const { spawn } = await import("node:child_process");
      const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
      try {
        const pid = Number(
          await new Promise<string>((resolve) => parent.stdout.once("data", (d) => resolve(String(d)))),
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(() => process.kill(pid, 0)).not.toThrow(); // still in the process table
        const lock = join(place.options.dataDir!, "store.lock");
        writeFileSync(lock, JSON.stringify({ pid, host: hostname(), since: "2026-12-01T00:00:00Z" }));
        const store = await place.open();
        await store.close();
      } finally {
        parent.kill("SIGKILL");
      }
    },
    60_000,
  );

  it("refuses a folder it cannot open as a store, and leaves it as it is", async () => {
    const dataDir = (await ENGINES[0]!.place()).options.dataDir!;
    const { mkdirSync, readFileSync } = await import("node:fs");
    mkdirSync(join(dataDir, "pglite"), { recursive: true });
    writeFileSync(join(dataDir, "pglite", "PG_VERSION"), "99\n");
    await expect(openStore({ dataDir })).rejects.toThrow(/cannot be opened.*restore the folder from a backup/s);
    expect(readFileSync(join(dataDir, "pglite", "PG_VERSION"), "utf8")).toBe("99\n");
    // The lock was given back.
    await expect(openStore({ dataDir })).rejects.toBeInstanceOf(StoreOpenError);
  }, 60_000);
});

describe.each(ENGINES)("retention on $name", (engine) => {
  it.skipIf(!engine.available)(
    "forgets jobs older than the horizon with their changes, and keeps pinned ones",
    async () => {
      const place = await engine.place();
      const store = await place.open();
      try {
        const a = account();
        const day = (d: number) => new Date(Date.UTC(2026, 8, 1) + d * 86_400_000).toISOString();
        const list = [
          job("old", { createdAt: day(0) }),
          job("pinned", { createdAt: day(1) }),
          job("new", { createdAt: day(100) }),
        ];
        for (const j of list) await recordJobs(store.db, a, [j], new Date(Date.parse(j.createdAt) + 60_000));
        await recordJobs(store.db, "other-account", [job("old", { createdAt: day(0) })], T(1));
        await setPinned(store.db, a, "item-create", "pinned", true);
        expect(await pruneHistory(store.db, a, new Date(day(50)))).toBe(1);
        expect(await getStoredJob(store.db, a, "item-create", "old")).toBeNull();
        expect(await jobHistory(store.db, a, "item-create", "old")).toEqual([]);
        expect((await getStoredJob(store.db, a, "item-create", "pinned"))?.pinned).toBe(true);
        expect(await jobHistory(store.db, a, "item-create", "pinned")).toHaveLength(1);
        expect(await getStoredJob(store.db, a, "item-create", "new")).not.toBeNull();
        expect(await getStoredJob(store.db, "other-account", "item-create", "old")).not.toBeNull();
        // Pruning again removes nothing more.
        expect(await pruneHistory(store.db, a, new Date(day(50)))).toBe(0);
      } finally {
        await store.close();
        await place.remove();
      }
    },
    60_000,
  );

  it.skipIf(!engine.available)(
    "keeps a run: pins the jobs created in its window, of this account only, and survives pruning",
    async () => {
      const place = await engine.place();
      const store = await place.open();
      try {
        const a = account();
        const at = (minute: number) => new Date(Date.UTC(2026, 8, 1, 10, minute));
        const list = [job("before", { createdAt: at(0).toISOString() })];
        list.push(job("first", { createdAt: at(10).toISOString() }), job("last", { createdAt: at(20).toISOString() }));
        list.push(job("after", { createdAt: at(30).toISOString() }));
        await recordJobs(store.db, a, list, at(40));
        await recordJobs(store.db, "other-account", [job("first", { createdAt: at(10).toISOString() })], at(40));
        expect(await rangePinState(store.db, a, at(10), at(20))).toEqual({ jobs: 2, pinned: 0 });
        expect(await typesOfId(store.db, a, "first")).toEqual(["item-create"]);
        expect(await typesOfId(store.db, a, "nowhere")).toEqual([]);
        expect(await setRangePinned(store.db, a, at(10), at(20), true)).toBe(2);
        // Again: nothing changes.
        expect(await setRangePinned(store.db, a, at(10), at(20), true)).toBe(0);
        expect(await rangePinState(store.db, a, at(10), at(20))).toEqual({ jobs: 2, pinned: 2 });
        expect(await rangePinState(store.db, "other-account", at(10), at(20))).toEqual({ jobs: 1, pinned: 0 });
        expect(await pruneHistory(store.db, a, at(35))).toBe(2);
        expect(await getStoredJob(store.db, a, "item-create", "before")).toBeNull();
        expect(await getStoredJob(store.db, a, "item-create", "first")).not.toBeNull();
        expect(await getStoredJob(store.db, a, "item-create", "last")).not.toBeNull();
        expect(await setRangePinned(store.db, a, at(10), at(20), false)).toBe(2);
        expect(await rangePinState(store.db, a, at(10), at(20))).toEqual({ jobs: 2, pinned: 0 });
      } finally {
        await store.close();
        await place.remove();
      }
    },
    60_000,
  );
});
