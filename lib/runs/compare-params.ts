/**
 * The URL contract of run against run, shared by the page, the API and the links that open it:
 *
 *   /runs/compare?a=2026-11-27T14:03:11Z..2026-11-27T14:09:52Z&b=2026-11-28T14:03:11Z..2026-11-28T14:10:07Z
 *   /runs/compare?b=…                 b against the run before it (resolved once, then the link names both)
 *
 * Each side is a run's name, `from..to`, as its page's `from` and `to` spell it. `gap` (minutes)
 * applies to both, as on the run page; `format=csv|json` on the API downloads what the page shows.
 */

import type { TimeZoneChoice } from "@/lib/time-zone";
import { DEFAULT_GAP_MINUTES, formatRunInstant, withTimeZone } from "./params";

export interface RunName {
  from: number;
  to: number;
}

export const runName = (run: RunName) => `${formatRunInstant(run.from)}..${formatRunInstant(run.to)}`;

/** The compare link's query string (`?` included): identical for the page and the API call. */
export function compareSearch(b: RunName, a: RunName | null, gapMinutes = DEFAULT_GAP_MINUTES): string {
  const params = new URLSearchParams();
  if (a) params.set("a", runName(a));
  params.set("b", runName(b));
  if (gapMinutes !== DEFAULT_GAP_MINUTES) params.set("gap", String(gapMinutes));
  return `?${params.toString()}`;
}

export function compareHref(
  b: RunName,
  a: RunName | null,
  gapMinutes = DEFAULT_GAP_MINUTES,
  tz: TimeZoneChoice = "local",
): string {
  return withTimeZone(`/runs/compare${compareSearch(b, a, gapMinutes)}`, tz);
}
