/**
 * The simulator's notion of "now". Job states are computed from it on every read, so tests move
 * time forward (`advance`, `set`) or run it faster or frozen (`setScale`) instead of waiting.
 */

export interface SimClock {
  /** current simulated time, ms since the epoch */
  now(): number;
  /** jump forward (or back, with a negative value) by `ms` */
  advance(ms: number): void;
  /** simulated ms per real ms from now on: 0 freezes time, 60 runs a minute per second */
  setScale(scale: number): void;
  /** jump to an absolute time (ms since the epoch) */
  set(ms: number): void;
  /** the current scale */
  getScale(): number;
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

export function createClock(start: number, scale = 1, realNow: () => number = Date.now): SimClock {
  let simBase = finite("start", start);
  let realBase = realNow();
  let rate = finite("scale", scale);
  if (rate < 0) throw new RangeError("scale must be >= 0");

  const now = () => simBase + (realNow() - realBase) * rate;
  // Re-anchoring on every change keeps earlier elapsed time at the old rate.
  const rebase = (sim: number) => {
    simBase = sim;
    realBase = realNow();
  };

  return {
    now: () => Math.floor(now()),
    advance: (ms) => rebase(now() + finite("advance", ms)),
    set: (ms) => rebase(finite("set", ms)),
    setScale: (next) => {
      if (finite("scale", next) < 0) throw new RangeError("scale must be >= 0");
      rebase(now());
      rate = next;
    },
    getScale: () => rate,
  };
}
