/** Time as the proxy sees it; injectable so tests (and the in-process simulator's clock) can drive it. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
