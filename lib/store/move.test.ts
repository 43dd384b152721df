import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../types";
import { recordJobs, setMeta, setPinned } from "./jobs";
import { StoreLockedError } from "./lock-file";
import { formatCounts, MoveError, moveStore } from "./move";
import { type Db, openStore, rowsOf } from "./open";
import { ENGINES, type TestPlace } from "./testing";

const [EMBEDDED, POSTGRES] = ENGINES as [(typeof ENGINES)[0], (typeof ENGINES)[1]];

function job(type: Job["type"], id: string, minute: number): Job {
  return {
    type,
    id,
    status: minute % 2 ? "complete" : "processing",
    createdAt: new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString(),
    completedAt: null,
    expiresAt: "2026-12-08T10:00:00.000Z",
    totalCount: 100,
    completedCount: minute,
    failedCount: 1,
    errors: [{ id: `e${minute}`, code: "invalid", title: "Invalid", detail: `row ${minute}`, pointer: "/data/0" }],
    relatedIds: [`r${minute}`],
  };
}

/** Two accounts, two types, several changes per job, odd columns set, and store_meta rows. */
async function seed(db: Db): Promise<void> {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 11, minute));
  for (const account of ["acct-a", "acct-b"]) {
    const page = [1, 2, 3].map((n) => job("item-create", `${account}-i${n}`, n));
    await recordJobs(db, account, page, at(1));
    await recordJobs(
      db,
      account,
      page.map((j) => ({ ...j, completedCount: j.completedCount + 5 })),
      at(2),
    );
    await recordJobs(db, account, [job("category-delete", `${account}-c1`, 4)], at(3));
  }
  await setPinned(db, "acct-a", "item-create", "acct-a-i1", true);
  // Microseconds, unicode and nested JSON must survive the trip.
  await db.execute(sql`update jobs set gone_at = '2026-12-02 10:00:00.123456+00',
    included = ${JSON.stringify([{ type: "catalog-item", id: "x", title: 'Ünïcode "quoted" \\ ✓' }])}::jsonb,
    included_at = '2026-12-02 09:00:00.654321+00' where id = 'acct-b-i2'`);
  await setMeta(db, "backfill:acct-a", { complete: true, types: ["item-create"] });
  await setMeta(db, "backfill:acct-b", { complete: false });
}

/** Every row of every table, as PostgreSQL spells it, in key order. */
async function dump(db: Db) {
  return {
    jobs: await rowsOf(db, sql`select to_jsonb(t) as r from jobs t order by account, type, id`),
    jobChanges: await rowsOf(
      db,
      sql`select to_jsonb(t) as r from job_changes t order by account, type, id, observed_at`,
    ),
    storeMeta: await rowsOf(db, sql`select to_jsonb(t) as r from store_meta t order by key`),
    searchEntries: await rowsOf(
      db,
      sql`select to_jsonb(t) as r from search_entries t order by account, type, job_id, n`,
    ),
  };
}

describe("moving the embedded store: bad input", () => {
  const url = "postgresql://mover:s3cret@127.0.0.1:1/nowhere";

  it("refuses without DATABASE_URL", async () => {
    await expect(moveStore({ dataDir: tmpdir(), databaseUrl: undefined })).rejects.toThrow(/DATABASE_URL is not set/);
  });

  it("refuses a DATA_DIR that does not exist, or holds no store, and creates nothing there", async () => {
    const missing = join(tmpdir(), `kbj-missing-${process.pid}-${Date.now()}`);
    await expect(moveStore({ dataDir: missing, databaseUrl: url })).rejects.toThrow(/does not exist/);
    expect(existsSync(missing)).toBe(false);
    const empty = mkdtempSync(join(tmpdir(), "kbj-empty-"));
    try {
      const refusal = moveStore({ dataDir: empty, databaseUrl: url });
      await expect(refusal).rejects.toBeInstanceOf(MoveError);
      await expect(refusal).rejects.toThrow(/holds no embedded store/);
      expect(existsSync(join(empty, "pglite"))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!POSTGRES.available)("moving the embedded store into PostgreSQL", () => {
  /** one seeded embedded store, copied for each test (creating a PGlite store is the slow part) */
  let seeded: TestPlace;
  let before: Awaited<ReturnType<typeof dump>>;
  let source: { dataDir: string };
  let target: TestPlace;

  beforeAll(async () => {
    seeded = await EMBEDDED.place();
    const store = await seeded.open();
    await seed(store.db);
    before = await dump(store.db);
    await store.close();
  }, 60_000);

  afterAll(async () => {
    await seeded?.remove();
  });

  beforeEach(async () => {
    source = { dataDir: mkdtempSync(join(tmpdir(), "kbj-move-")) };
    cpSync(seeded.options.dataDir!, source.dataDir, { recursive: true });
    target = await POSTGRES.place();
  });
  /** The target's URL with a password (the test server trusts local connections and ignores it). */
  const targetUrl = () => {
    const url = new URL(target.options.databaseUrl!);
    url.username = "postgres";
    url.password = "s3cret-pw";
    return url.toString();
  };
  const dumpTarget = async () => {
    const store = await target.open();
    try {
      return await dump(store.db);
    } finally {
      await store.close();
    }
  };

  afterEach(async () => {
    rmSync(source.dataDir, { recursive: true, force: true });
    await target?.remove();
  });

  it("copies every row of every table as it is; a second run writes nothing; the password is never logged", async () => {
    const lines: string[] = [];
    const first = await moveStore({
      dataDir: source.dataDir,
      databaseUrl: targetUrl(),
      log: (l) => lines.push(l),
    });
    // Each job has two search entries: its related id and its error group.
    expect(first.read).toEqual({ jobs: 8, job_changes: 14, store_meta: 2, search_entries: 16, in_progress_samples: 0 });
    expect(first.written).toEqual(first.read);
    expect(first.mismatches).toEqual([]);
    expect(first.tables).toEqual([
      { name: "jobs", embedded: 8, postgres: 8 },
      { name: "job_changes", embedded: 14, postgres: 14 },
      { name: "store_meta", embedded: 2, postgres: 2 },
      { name: "search_entries", embedded: 16, postgres: 16 },
      { name: "in_progress_samples", embedded: 0, postgres: 0 },
    ]);
    expect(first.jobsByAccountAndType).toContainEqual({ name: "jobs acct-b item-create", embedded: 3, postgres: 3 });
    expect(await dumpTarget()).toEqual(before);

    const second = await moveStore({
      dataDir: source.dataDir,
      databaseUrl: targetUrl(),
      log: (l) => lines.push(l),
    });
    expect(second.written).toEqual({
      jobs: 0,
      job_changes: 0,
      store_meta: 0,
      search_entries: 0,
      in_progress_samples: 0,
    });
    expect(second.mismatches).toEqual([]);
    expect(await dumpTarget()).toEqual(before);
    expect(lines.join("\n")).toContain("127.0.0.1");
    expect(lines.join("\n")).not.toContain("s3cret-pw");
  }, 60_000);

  it("refuses while a dashboard holds the embedded store, and leaves PostgreSQL untouched", async () => {
    const running = await openStore({ dataDir: source.dataDir });
    try {
      await expect(moveStore({ dataDir: source.dataDir, databaseUrl: targetUrl() })).rejects.toBeInstanceOf(
        StoreLockedError,
      );
    } finally {
      await running.close();
    }
    const store = await target.open();
    try {
      expect(await rowsOf(store.db, sql`select count(*)::int as n from jobs`)).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("finishes a copy cut short when run again, without duplicates", async () => {
    const options = { dataDir: source.dataDir, databaseUrl: targetUrl(), batchSize: 3 };
    await expect(
      moveStore({
        ...options,
        afterBatch: (table) => {
          if (table === "job_changes") throw new Error("cut short");
        },
      }),
    ).rejects.toThrow("cut short");
    const partial = await dumpTarget();
    expect(partial.jobs).toHaveLength(8);
    expect(partial.jobChanges).toHaveLength(3);

    const rerun = await moveStore(options);
    expect(rerun.written).toEqual({
      jobs: 0,
      job_changes: 11,
      store_meta: 2,
      search_entries: 16,
      in_progress_samples: 0,
    });
    expect(rerun.mismatches).toEqual([]);
    expect(await dumpTarget()).toEqual(before);
  }, 60_000);

  it("reports counts that differ", async () => {
    const store = await target.open();
    await recordJobs(store.db, "acct-a", [job("item-create", "only-in-postgres", 9)], new Date());
    await store.close();
    const report = await moveStore({ dataDir: source.dataDir, databaseUrl: targetUrl() });
    expect(report.mismatches).toEqual([
      { name: "jobs", embedded: 8, postgres: 9 },
      { name: "job_changes", embedded: 14, postgres: 15 },
      { name: "search_entries", embedded: 16, postgres: 18 },
      { name: "jobs acct-a item-create", embedded: 3, postgres: 4 },
    ]);
    const printed = formatCounts(report).split("\n");
    expect(printed.filter((line) => line.endsWith("MISMATCH"))).toHaveLength(4);
    expect(printed.find((line) => line.startsWith("jobs acct-a item-create"))).toMatch(/3\s+4\s+MISMATCH$/);
  }, 60_000);
});
