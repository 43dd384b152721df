import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ENGINES, type TestPlace } from "../store/testing";

vi.mock("server-only", () => ({}));

let place: TestPlace;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
}, 60_000);

afterAll(async () => {
  const { closeStore } = await import("../store/shared");
  await closeStore();
  vi.unstubAllEnvs();
  await place?.remove();
});

const sample = (text: string, name: string) =>
  Number(
    text
      .split("\n")
      .find((line) => line.startsWith(`${name} `))
      ?.slice(name.length + 1),
  );

it("scrapes the store's state and size, and the collector's role", async () => {
  const { startStore } = await import("../store/shared");
  const { recordJobs } = await import("../store/jobs");
  const { metrics } = await import("../observability/metrics");
  const { registerHistoryGauges } = await import("./gauges");
  const store = await startStore();
  const job = (id: string) => ({
    type: "item-create" as const,
    id,
    status: "complete" as const,
    createdAt: "2026-12-01T10:00:00.000Z",
    completedAt: "2026-12-01T10:01:00.000Z",
    expiresAt: null,
    totalCount: 1,
    completedCount: 1,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  });
  await recordJobs(store.db, "default", [job("a"), job("b"), job("c")], new Date());
  registerHistoryGauges();
  const text = await metrics().registry.metrics();
  expect(sample(text, "dashboard_store_up")).toBe(1);
  expect(sample(text, "dashboard_store_jobs")).toBe(3);
  expect(sample(text, "dashboard_collector_leader")).toBe(0);

  const execute = vi.spyOn(store.db, "execute").mockRejectedValue(new Error("connection refused"));
  expect(sample(await metrics().registry.metrics(), "dashboard_store_up")).toBe(0);
  execute.mockRestore();
}, 60_000);
