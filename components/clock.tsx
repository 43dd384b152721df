"use client";

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { TimeZoneChoice } from "@/lib/list-view";

/*
 * One ticking clock for every relative time on the page. During server rendering and hydration all
 * components read the server's render time, so the markup matches; afterwards they read the browser's
 * clock, refreshed every second by a single interval.
 */

const ServerNowContext = createContext<number>(0);

export function ClockProvider({ serverNow, children }: { serverNow: number; children: ReactNode }) {
  return <ServerNowContext.Provider value={serverNow}>{children}</ServerNowContext.Provider>;
}

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let current = 0;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The current time, rounded down to `stepMs`. The clock ticks every second, but React skips the
 * components whose rounded value did not change: a table of relative times asks for a coarse step,
 * so it does not re-render hundreds of cells every second.
 */
export function useNow(stepMs = 1000): number {
  const serverNow = useContext(ServerNowContext);
  const round = (ms: number) => Math.floor(ms / stepMs) * stepMs;
  return useSyncExternalStore(
    subscribe,
    () => round(current || Date.now()),
    () => round(serverNow),
  );
}

/** Step for relative times in tables ("3 min. ago" does not need a per-second refresh). */
export const TABLE_CLOCK_STEP_MS = 10_000;

const noop = () => () => {};

/** The IANA zone to format in: UTC on the server and during hydration, the browser's zone after. */
export function useTimeZone(choice: TimeZoneChoice): string | undefined {
  return useSyncExternalStore(
    noop,
    () => (choice === "utc" ? "UTC" : undefined),
    () => "UTC",
  );
}
