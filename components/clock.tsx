"use client";

import {
  createContext,
  type ReactNode,
  startTransition,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
} from "react";
import { formatExact } from "@/lib/format";
import type { TimeZoneChoice } from "@/lib/time-zone";

/*
 * One ticking clock for every relative time on the page. During server rendering and hydration all
 * components read the server's render time and zone (UTC), so the markup matches; afterwards they
 * read the browser's clock, refreshed every second by a single interval, and the browser's zone.
 *
 * The switch happens once for the whole page, in a transition after hydration. A page holds
 * hundreds of times (a run page's tables, the job list); had each switched on its own (a store whose
 * browser value differs from the server's), React would re-render them all in one task straight
 * after hydration. A transition renders them in slices that give way to input.
 */

const ServerNowContext = createContext<number>(0);
const BrowserClockContext = createContext(false);

export function ClockProvider({ serverNow, children }: { serverNow: number; children: ReactNode }) {
  const [browser, setBrowser] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => {
      // A tab's first Intl formatter loads locale data (40-60 ms): built here, in a task of its own,
      // it is ready before the switch renders the browser's zone.
      formatExact(new Date().toISOString(), undefined);
      // The time the switch renders with, read once: a clock read at each render could move on
      // during the transition's slices, and React redoes a render whose store changed under it.
      current = Date.now();
      startTransition(() => setBrowser(true));
    }, 0);
    return () => clearTimeout(timer);
  }, []);
  return (
    <ServerNowContext.Provider value={serverNow}>
      <BrowserClockContext.Provider value={browser}>{children}</BrowserClockContext.Provider>
    </ServerNowContext.Provider>
  );
}

const noop = () => () => {};
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
  const browser = useContext(BrowserClockContext);
  const round = (ms: number) => Math.floor(ms / stepMs) * stepMs;
  const server = () => round(serverNow);
  // Until the switch the browser's snapshot is the server's too, so hydration leaves nothing to redo.
  return useSyncExternalStore(
    browser ? subscribe : noop,
    browser ? () => round(current || Date.now()) : server,
    server,
  );
}

/** Step for relative times in tables ("3 min. ago" does not need a per-second refresh). */
export const TABLE_CLOCK_STEP_MS = 10_000;

/** The IANA zone to format in: UTC on the server and until the switch, the browser's zone after. */
export function useTimeZone(choice: TimeZoneChoice): string | undefined {
  const browser = useContext(BrowserClockContext);
  return browser && choice !== "utc" ? undefined : "UTC";
}
