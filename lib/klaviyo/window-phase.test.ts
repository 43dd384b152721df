import { describe, expect, it } from "vitest";
import { createPhaseTracker } from "./window-phase";

/** What Klaviyo (clock = ours + offset) would say at our time `t`, rounding up or down. */
const reset = (t: number, offset: number, rounding: "up" | "down" = "up") => {
  const untilEnd = 60_000 - ((((t + offset) % 60_000) + 60_000) % 60_000);
  return rounding === "up" ? Math.max(1, Math.ceil(untilEnd / 1_000)) : Math.floor(untilEnd / 1_000);
};

/** Distance between two offsets modulo `m` (offsets are only defined modulo a minute). */
const apart = (a: number, b: number, m = 60_000) => {
  const d = (((a - b) % m) + m) % m;
  return Math.min(d, m - d);
};

describe("phase tracker", () => {
  it("knows nothing before the first answer", () => {
    expect(createPhaseTracker().burst().uncertaintyMs).toBe(Number.POSITIVE_INFINITY);
  });

  it("narrows the offset to the spread of its observations", () => {
    const tracker = createPhaseTracker();
    const offset = -317;
    const start = Date.UTC(2026, 10, 28, 12, 0, 0);
    for (let i = 0; i < 40; i++) {
      const t = start + i * 1_013; // answers all over the second
      tracker.observe(t, t + 4, reset(t, offset));
    }
    const { offsetMs, uncertaintyMs } = tracker.steady();
    expect(uncertaintyMs).toBeLessThanOrEqual(15);
    expect(apart(offsetMs, offset)).toBeLessThanOrEqual(uncertaintyMs);
    expect(tracker.rounding).toBe("up");
  });

  it("learns that Klaviyo rounds down from a 0, and moves the minute but not the second", () => {
    const tracker = createPhaseTracker();
    const start = Date.UTC(2026, 10, 28, 12, 0, 0);
    for (let i = 0; i < 120; i++) {
      const t = start + i * 613;
      tracker.observe(t, t + 2, reset(t, 250, "down"));
    }
    expect(tracker.rounding).toBe("down");
    expect(apart(tracker.steady().offsetMs, 250)).toBeLessThanOrEqual(tracker.steady().uncertaintyMs);
    expect(apart(tracker.burst().offsetMs, 250, 1_000)).toBeLessThanOrEqual(tracker.burst().uncertaintyMs);
  });

  it("starts again when an answer contradicts everything so far (a stepped clock)", () => {
    const tracker = createPhaseTracker();
    const start = Date.UTC(2026, 10, 28, 12, 0, 0);
    for (let i = 0; i < 20; i++) tracker.observe(start + i * 777, start + i * 777 + 1, reset(start + i * 777, 0));
    const later = start + 100_000;
    tracker.observe(later, later + 1, reset(later, 30_500));
    for (let i = 1; i < 20; i++) tracker.observe(later + i * 777, later + i * 777 + 1, reset(later + i * 777, 30_500));
    expect(apart(tracker.steady().offsetMs, 30_500)).toBeLessThanOrEqual(tracker.steady().uncertaintyMs);
  });

  it("ignores nonsense", () => {
    const tracker = createPhaseTracker();
    tracker.observe(10, 5, 3);
    tracker.observe(0, 1, 61);
    tracker.observe(0, 1, Number.NaN);
    expect(tracker.burst().uncertaintyMs).toBe(Number.POSITIVE_INFINITY);
  });
});
