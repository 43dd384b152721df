"use client";

import { useSyncExternalStore } from "react";

/*
 * One polite live region for the whole page. Controls that report an outcome (a copy button says
 * "Copied") speak through it rather than each carrying a region of its own: a table of 100 rows would
 * otherwise hold 100 live regions, and 100 more elements to parse and hydrate.
 */

/** How long an announcement stays in the region before it is emptied. */
export const ANNOUNCEMENT_MS = 3000;

let message = "";
let clearTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function set(next: string) {
  message = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Says `text` to screen readers. The same words twice in a row are said twice. */
export function announce(text: string) {
  // A live region speaks when its text changes: a trailing no-break space makes a repeat a change.
  set(text === message ? `${text}\u00a0` : text);
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => set(""), ANNOUNCEMENT_MS);
}

/** Mounted once per page (app/providers.tsx), empty until something is announced. */
export function Announcer() {
  const text = useSyncExternalStore(
    subscribe,
    () => message,
    () => "",
  );
  return (
    <div role="status" className="sr-only" data-testid="announcer">
      {text}
    </div>
  );
}
