import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordJobs, setMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
import type { Job } from "@/lib/types";
import { findPreviousRun } from "./previous.server";

vi.mock("server-only", () => ({}));

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 22, 0, 0);
const NOW = T0 + 3 * 24 * 60 * MIN;

let seq = 0;
function job(at: number): Job {
  seq += 1;
  const createdAt = new Date(at).toISOString();
  return {
    type: seq % 2 ? "item-create" : "variant-update",
    id: `P${String(seq).padStart(5, "0")}`,
    status: "complete",
    createdAt,
    completedAt: createdAt,
    expiresAt: null,
    totalCount: 1,
    completedCount: 1,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  };
}

describe.each(ENGINES)("the run before a run ($name)", (engine) => {
  let place: TestPlace;
  let store: Store;
  const minutes = (list: number[]) => list.map((m) => job(T0 + m * MIN));

  beforeAll(async () => {
    place = await engine.place();
    store = await place.open();
    // Run 1: minutes 0–20 (every 5 min). Run 2: minutes 100–108. Run 3: 200, 209, 218 (gaps of 9).
    // 1,500 jobs in run 2 as well, so the walk back crosses more than one chunk of creation times.
    const jobs = [
      ...minutes([0, 5, 10, 15, 20]),
      ...minutes([100, 104, 108]),
      ...Array.from({ length: 1500 }, (_, i) => job(T0 + 100 * MIN + i * 300)),
      ...minutes([200, 209, 218]),
    ];
    for (let i = 0; i < jobs.length; i += 500)
      await recordJobs(store.db, "acct", jobs.slice(i, i + 500), new Date(NOW));
    await setMeta(store.db, "history_since:acct", new Date(T0 - 60 * MIN).toISOString());
    await setMeta(store.db, "last_pass:acct", new Date(NOW - 10_000).toISOString());
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  const find = (from: number, to: number, gap = 10) =>
    findPreviousRun({ from: T0 + from * MIN, to: T0 + to * MIN }, gap, { store, account: "acct", now: NOW });

  it("walks back past the gap to the previous run, start and end", async () => {
    // Run 2 (1,503 jobs, minutes 100–108, the extra ones 0.3 s apart) is found whole: the walk
    // back from run 3 crosses two chunks of creation times.
    expect(await find(200, 218)).toEqual({ found: true, run: { from: T0 + 100 * MIN, to: T0 + 108 * MIN } });
    expect(await find(100, 108)).toEqual({ found: true, run: { from: T0, to: T0 + 20 * MIN } });
  });

  it("skips jobs chained to the window's start, and respects the gap chosen", async () => {
    // A window starting inside run 1 (at minute 10): minutes 0 and 5 lead into it, nothing before.
    expect(await find(10, 20)).toMatchObject({ found: false, reason: "none" });
    // With a 200-minute gap everything is one burst: no run before.
    expect(await find(200, 218, 120)).toMatchObject({ found: false, reason: "none" });
  });

  it("declines without a current history", async () => {
    expect(
      await findPreviousRun({ from: T0 + 200 * MIN, to: T0 + 218 * MIN }, 10, {
        store,
        account: "acct",
        now: NOW + 60 * 60 * MIN,
      }),
    ).toMatchObject({ found: false, reason: "no-history" });
    expect(
      await findPreviousRun({ from: T0 + 200 * MIN, to: T0 + 218 * MIN }, 10, {
        store: null,
        account: "acct",
        now: NOW,
      }),
    ).toMatchObject({ found: false, reason: "no-history" });
  });
});
