/**
 * For tests of the search routes: an embedded store holding 25 variant-create jobs, one a minute, each
 * of which created SKU-9-Blue and failed SKU-8-Red as a duplicate; the newest is gone from Klaviyo.
 * Registers its own beforeAll and afterAll.
 */
import { afterAll, beforeAll, vi } from "vitest";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
import type { Job } from "@/lib/types";

const job = (id: string, minute: number): Job => ({
  type: "variant-create",
  id,
  status: "complete",
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString(),
  completedAt: null,
  expiresAt: "2999-01-01T00:00:00.000Z",
  totalCount: 5,
  completedCount: 4,
  failedCount: 1,
  errors: [
    {
      id: `e-${id}`,
      code: "duplicate",
      title: "Duplicate resource.",
      detail: "A catalog variant with external_id 'SKU-8-Red' already exists.",
      pointer: "/data/2/attributes/external_id",
    },
  ],
  relatedIds: ["$custom:::$default:::SKU-9-Blue"],
});

export function seedSearchStore() {
  const JOBS = Array.from({ length: 25 }, (_, i) => job(`01SEARCHROUTE${String(i).padStart(13, "0")}`, i));
  let place: TestPlace | undefined;
  let store: Store | undefined;

  beforeAll(async () => {
    place = await ENGINES[0]!.place();
    vi.stubEnv("KLAVIYO_API_KEY", "");
    vi.stubEnv("REDIS_URL", "");
    vi.stubEnv("COLLECTOR", "off");
    vi.stubEnv("DATA_DIR", place.options.dataDir!);
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
    store = await place.open();
    const { recordJobs, markGone } = await import("@/lib/store/jobs");
    const { accountName } = await import("@/lib/store/account");
    const { getEnv } = await import("@/lib/env");
    const account = accountName(getEnv());
    await recordJobs(store.db, account, JOBS, new Date());
    await markGone(store.db, account, "variant-create", JOBS[24]!.id, new Date());
  }, 60_000);

  afterAll(async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    adoptStore(null);
    await store?.close();
    await place?.remove();
    vi.unstubAllEnvs();
  });

  return {
    JOBS,
    store: () => {
      if (!store) throw new Error("the store opens in beforeAll");
      return store;
    },
  };
}
