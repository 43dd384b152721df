import { describe, expect, it } from "vitest";
import { createClock } from "./clock";

function fakeReal(start = 1_000) {
  let real = start;
  return { now: () => real, tick: (ms: number) => (real += ms) };
}

describe("createClock", () => {
  it("runs at real speed by default", () => {
    const real = fakeReal();
    const clock = createClock(5_000, 1, real.now);
    real.tick(250);
    expect(clock.now()).toBe(5_250);
  });

  it("advances and jumps on demand", () => {
    const real = fakeReal();
    const clock = createClock(5_000, 0, real.now);
    clock.advance(60_000);
    expect(clock.now()).toBe(65_000);
    clock.set(1_000_000);
    real.tick(10_000);
    expect(clock.now()).toBe(1_000_000);
  });

  it("scales time from the moment the scale changes, keeping earlier elapsed time", () => {
    const real = fakeReal();
    const clock = createClock(0, 1, real.now);
    real.tick(100);
    clock.setScale(60);
    real.tick(1_000);
    expect(clock.now()).toBe(100 + 60_000);
    expect(clock.getScale()).toBe(60);
    clock.setScale(0);
    real.tick(5_000);
    expect(clock.now()).toBe(60_100);
  });

  it("refuses nonsense", () => {
    const clock = createClock(0, 0);
    expect(() => clock.setScale(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
