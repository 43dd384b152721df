import { describe, expect, it } from "vitest";
import { insertAudit, listAudit, pruneAudit } from "./audit";
import type { Store } from "./open";
import { ENGINES, storeForSuite } from "./testing";

const T0 = Date.UTC(2026, 11, 7, 9, 0);

describe.each(ENGINES)("the audit log on $name", (engine) => {
  let store: Store;
  storeForSuite(engine, (opened) => {
    store = opened.store;
  });

  it.skipIf(!engine.available)("keeps every entry as given and pages back from the newest", async () => {
    for (let i = 0; i < 5; i++) {
      await insertAudit(
        store.db,
        {
          actor: `person-${i}`,
          action: i % 2 ? "denied" : "export",
          account: i === 4 ? null : "brand-a",
          target: `/a/brand-a/api/jobs/export?i=${i}`,
          detail: `entry ${i}`,
        },
        new Date(T0 + i * 60_000),
      );
    }
    const newest = await listAudit(store.db, { limit: 2 });
    expect(newest.map((row) => [row.actor, row.action, row.account, row.at])).toEqual([
      ["person-4", "export", null, new Date(T0 + 4 * 60_000).toISOString()],
      ["person-3", "denied", "brand-a", new Date(T0 + 3 * 60_000).toISOString()],
    ]);
    const older = await listAudit(store.db, { limit: 10, before: { at: new Date(newest.at(-1)!.at) } });
    expect(older.map((row) => row.detail)).toEqual(["entry 2", "entry 1", "entry 0"]);
  });

  it.skipIf(!engine.available)("prunes entries older than the horizon, and only those", async () => {
    const entry = { actor: "pruned", action: "export", account: null, target: "t", detail: "" } as const;
    await insertAudit(store.db, { ...entry, detail: "old" }, new Date(T0 - 400 * 86_400_000));
    await insertAudit(store.db, { ...entry, detail: "recent" }, new Date(T0 - 10 * 86_400_000));
    expect(await pruneAudit(store.db, new Date(T0 - 365 * 86_400_000))).toBe(1);
    const left = (await listAudit(store.db, { limit: 100 })).filter((row) => row.actor === "pruned");
    expect(left.map((row) => row.detail)).toEqual(["recent"]);
  });

  it.skipIf(!engine.available)("pages through entries of the same millisecond without skipping one", async () => {
    const at = new Date(T0 + 3_600_000);
    for (let i = 0; i < 5; i++) {
      await insertAudit(store.db, { actor: "burst", action: "export", account: null, target: `t${i}`, detail: "" }, at);
    }
    const seen: string[] = [];
    let before: { at: Date; id: string } | undefined;
    for (let page = 0; page < 5; page++) {
      const rows = (await listAudit(store.db, { limit: 2, before })).filter((row) => row.actor === "burst");
      if (rows.length === 0) break;
      seen.push(...rows.map((row) => row.target));
      const last = rows.at(-1)!;
      before = { at: new Date(last.at), id: last.id };
    }
    expect(seen.toSorted()).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(new Set(seen).size).toBe(5);
  });
});
