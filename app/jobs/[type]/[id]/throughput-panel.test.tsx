// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ClockProvider } from "@/components/clock";
import type { ProgressSample } from "@/lib/jobs/throughput";
import type { Job } from "@/lib/types";
import { expiryLevel } from "./expiry-countdown";
import { ThroughputPanel } from "./throughput-panel";

const T0 = Date.parse("2026-11-28T12:00:00Z");
const job = (over: Partial<Job> = {}): Job => ({
  type: "item-create",
  id: "J1",
  status: "processing",
  createdAt: new Date(T0 - 60_000).toISOString(),
  completedAt: null,
  expiresAt: null,
  totalCount: 100,
  completedCount: 40,
  failedCount: 0,
  errors: [],
  relatedIds: [],
  ...over,
});
const samples = (counts: number[]): ProgressSample[] =>
  counts.map((n, i) => ({ at: T0 + i * 5_000, completed: n, failed: 0 }));

afterEach(cleanup);

function panel(j: Job, s: ProgressSample[]) {
  render(
    <ClockProvider serverNow={T0}>
      <ThroughputPanel job={j} samples={s} receivedAt={T0 + s.length * 5_000} />
    </ClockProvider>,
  );
}

describe("ThroughputPanel", () => {
  it("says it is estimating until there are enough reads", () => {
    panel(job(), samples([40]));
    expect(screen.getByTestId("rate").textContent).toContain("Measuring");
    expect(screen.getByTestId("eta").textContent).toContain("Estimating");
    expect(screen.queryByTestId("stalled")).toBeNull();
  });

  it("shows a smoothed rate and an ETA once reads span ten seconds", () => {
    // 12 items/min, 48 done: 52 left ≈ 4m 20s
    panel(job({ completedCount: 48 }), samples([40, 41, 42, 43, 44, 45, 46, 47, 48]));
    expect(screen.getByTestId("rate").textContent).toContain("12 items/min");
    expect(screen.getByTestId("eta").textContent).toMatch(/about 4m 20s left/);
    // The finishing time, on the page's 24-hour clock whatever the browser's locale.
    expect(screen.getByTestId("eta").textContent).toMatch(/\(≈ \d\d:\d\d\)$/);
  });

  it("flags a processing job whose count stopped moving", () => {
    panel(job(), samples([30, 35, 40, 40, 40, 40, 40]));
    expect(screen.getByTestId("stalled").textContent).toMatch(/no progress in the last 4 reads/);
  });

  it("never calls a queued job stalled, and ends with the lifetime rate for a job finished before the page opened", () => {
    panel(job({ status: "queued", completedCount: 0 }), samples([0, 0, 0, 0, 0, 0]));
    expect(screen.queryByTestId("stalled")).toBeNull();
    expect(screen.getByTestId("eta").textContent).toContain("Waiting");
    cleanup();
    panel(
      job({
        status: "complete",
        completedCount: 90,
        failedCount: 10,
        completedAt: new Date(T0 + 60_000).toISOString(),
      }),
      samples([100]),
    );
    expect(screen.getByTestId("rate").textContent).toMatch(/50 items\/min on average/);
    expect(screen.getByTestId("eta").textContent).toMatch(/Done$/);
  });
});

describe("expiryLevel", () => {
  const now = T0;
  const at = (ms: number) => new Date(now + ms).toISOString();
  it("warns within a day, urges within an hour, and says when it is gone", () => {
    expect(expiryLevel(null, now)).toBe("unset");
    expect(expiryLevel(at(7 * 86_400_000), now)).toBe("ok");
    expect(expiryLevel(at(5 * 3_600_000), now)).toBe("warn");
    expect(expiryLevel(at(20 * 60_000), now)).toBe("urgent");
    expect(expiryLevel(at(-1), now)).toBe("expired");
    expect(expiryLevel("not a date", now)).toBe("unset");
  });
});
