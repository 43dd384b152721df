import { describe, expect, it } from "vitest";
import { addSample, etaRange, type ProgressSample, recentSamples, smoothedRate, stallState } from "./throughput";

const T0 = Date.parse("2026-11-28T12:00:00Z");
/** samples every `stepMs`, processed counts as given (all completed unless `failedEvery` says otherwise) */
function series(counts: number[], stepMs = 5_000, failed: (i: number) => number = () => 0): ProgressSample[] {
  return counts.map((n, i) => ({ at: T0 + i * stepMs, completed: n - failed(i), failed: failed(i) }));
}
function build(counts: number[], stepMs = 5_000): readonly ProgressSample[] {
  return series(counts, stepMs).reduce<readonly ProgressSample[]>((acc, s) => addSample(acc, s), []);
}

describe("addSample", () => {
  it("appends new reads and ignores the same read twice or an older one arriving late", () => {
    let samples = addSample([], { at: T0, completed: 1, failed: 0 });
    samples = addSample(samples, { at: T0 + 5_000, completed: 4, failed: 1 });
    const same = addSample(samples, { at: T0 + 5_000, completed: 4, failed: 1 });
    const older = addSample(samples, { at: T0 + 1_000, completed: 2, failed: 0 });
    expect(same).toBe(samples);
    expect(older).toBe(samples);
    expect(samples.map((s) => s.at)).toEqual([T0, T0 + 5_000]);
  });

  it("keeps only the newest `limit` samples", () => {
    let samples: readonly ProgressSample[] = [];
    for (let i = 0; i < 10; i++) samples = addSample(samples, { at: T0 + i, completed: i, failed: 0 }, 4);
    expect(samples.map((s) => s.completed)).toEqual([6, 7, 8, 9]);
  });

  it("drops a read without a usable time", () => {
    expect(addSample([], { at: Number.NaN, completed: 1, failed: 0 })).toEqual([]);
  });
});

describe("recentSamples", () => {
  it("keeps the window but never fewer than the minimum, even after a long gap", () => {
    const samples = [...series([0, 1, 2]), { at: T0 + 600_000, completed: 50, failed: 0 }];
    expect(recentSamples(samples, 120_000, 1)).toHaveLength(1);
    expect(recentSamples(samples, 120_000, 3).map((s) => s.completed)).toEqual([1, 2, 50]);
  });
});

describe("smoothedRate", () => {
  it("is null until there are two reads", () => {
    expect(smoothedRate([])).toBeNull();
    expect(smoothedRate(series([10]))).toBeNull();
  });

  it("gives items per minute for steady progress, counting failed items as processed", () => {
    // 2 items every 5 s = 24 per minute, half of them failing
    const samples = series([0, 2, 4, 6, 8], 5_000, (i) => i);
    expect(smoothedRate(samples)).toBeCloseTo(24, 6);
  });

  it("smooths stepwise counts to their average pace", () => {
    // 0, 0, 10, 10, 20, 20, 30: ten items every 10 s, reported in steps
    expect(smoothedRate(series([0, 0, 10, 10, 20, 20, 30]))).toBeCloseTo(60, 0);
  });

  it("follows the recent window, not the whole history", () => {
    // fast for 5 minutes, then slow for the last 2
    const fast = Array.from({ length: 61 }, (_, i) => i * 5); // 60/min
    const slowStart = fast.at(-1)!;
    const slow = Array.from({ length: 24 }, (_, i) => slowStart + (i + 1) * 0.5); // 6/min
    const rate = smoothedRate(series([...fast, ...slow].map(Math.floor)));
    expect(rate).toBeGreaterThan(3);
    expect(rate).toBeLessThan(12);
  });

  it("never reports a negative rate", () => {
    expect(smoothedRate(series([10, 9, 8]))).toBe(0);
  });
});

describe("etaRange", () => {
  it("waits for three reads spanning ten seconds", () => {
    expect(etaRange(series([0, 5]), 100)).toBeNull();
    expect(etaRange(series([0, 5, 10], 4_000), 100)).toBeNull(); // 8 s
    expect(etaRange(series([0, 5, 10], 5_000), 100)).not.toBeNull(); // 10 s
  });

  it("collapses to one time for perfectly steady progress", () => {
    // 12 per minute, 40 done of 100: 60 left = 5 minutes
    const eta = etaRange(series([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => n + 32)), 100)!;
    expect(eta.rateLow).toBeCloseTo(12, 6);
    expect(eta.rateHigh).toBeCloseTo(12, 6);
    expect(eta.earliestMs).toBeCloseTo(5 * 60_000, -2);
    expect(eta.latestMs).toBeCloseTo(5 * 60_000, -2);
  });

  it("spans the slowest and fastest recent pace when progress is uneven", () => {
    const eta = etaRange(series([0, 0, 10, 10, 20, 20, 30, 30, 40]), 100)!;
    expect(eta.earliestMs).toBeLessThan(eta.latestMs!);
    // 60 left at roughly a minute per 60: the range brackets one minute
    expect(eta.earliestMs).toBeLessThanOrEqual(60_000);
    expect(eta.latestMs!).toBeGreaterThanOrEqual(60_000);
    expect(eta.earliestMs).toBeGreaterThan(30_000);
    expect(eta.latestMs!).toBeLessThan(120_000);
  });

  it("has no upper bound when a recent stretch made no progress at all", () => {
    // moved early, then flat for the last 15 s
    const eta = etaRange(series([0, 10, 20, 20, 20, 20]), 100)!;
    expect(eta.latestMs).toBeNull();
    expect(eta.earliestMs).toBeGreaterThan(0);
  });

  it("gives nothing when nothing moved, or nothing remains", () => {
    expect(etaRange(series([5, 5, 5, 5]), 100)).toBeNull();
    expect(etaRange(series([90, 95, 100]), 100)).toBeNull();
  });

  it("grows with the remaining work", () => {
    const samples = series([0, 5, 10, 15]);
    expect(etaRange(samples, 100)!.earliestMs).toBeGreaterThan(etaRange(samples, 50)!.earliestMs);
  });
});

describe("stallState", () => {
  const running = { running: true, total: 100 };

  it("flags a processing job after four reads without progress", () => {
    expect(stallState(build([10, 12, 12, 12, 12]), running)).toMatchObject({ stalled: false, polls: 3 });
    const state = stallState(build([10, 12, 12, 12, 12, 12]), running);
    expect(state).toMatchObject({ stalled: true, polls: 4, since: T0 + 5_000 });
  });

  it("clears as soon as the count moves again", () => {
    expect(stallState(build([10, 12, 12, 12, 12, 12, 13]), running)).toMatchObject({ stalled: false, polls: 0 });
  });

  it("counts failures as progress", () => {
    const samples = series([10, 10, 10, 10, 10], 5_000, (i) => (i === 4 ? 1 : 0)).map((s, i) =>
      i === 4 ? { ...s, completed: 10, failed: 1 } : s,
    );
    expect(stallState(samples, running).stalled).toBe(false);
  });

  it("never flags a queued or finished job, or one with nothing left", () => {
    const flat = build([0, 0, 0, 0, 0, 0]);
    expect(stallState(flat, { running: false, total: 100 }).stalled).toBe(false);
    expect(stallState(build([100, 100, 100, 100, 100, 100]), running).stalled).toBe(false);
  });

  it("honours a custom threshold and handles no samples", () => {
    expect(stallState(build([3, 3, 3]), running, 2).stalled).toBe(true);
    expect(stallState([], running)).toEqual({ stalled: false, polls: 0, since: null });
  });
});
