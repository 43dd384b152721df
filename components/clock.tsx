"use client";

import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import type { TimeZoneChoice } from "@/lib/search-params";

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

export function useNow(): number {
  const serverNow = useContext(ServerNowContext);
  return useSyncExternalStore(
    subscribe,
    () => current || Date.now(),
    () => serverNow,
  );
}

const noop = () => () => {};

/** The IANA zone to format in: UTC on the server and during hydration, the browser's zone after. */
export function useTimeZone(choice: TimeZoneChoice): string | undefined {
  return useSyncExternalStore(
    noop,
    () => (choice === "utc" ? "UTC" : undefined),
    () => "UTC",
  );
}
