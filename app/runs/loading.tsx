"use client";

import { useQueryStates } from "nuqs";
import { runsPageParsers } from "@/lib/runs-params";
import { RunsSkeleton } from "./runs-skeleton";

/**
 * Kept, unlike the job pages': this route reads 9 list pages at least (one per type, three at a time)
 * and more for a big window or a long look-back, so on Klaviyo it takes a second or several. This
 * boundary is what answers a click on a run at once and flushes the shell while Klaviyo is read. The
 * price: the page arrives in a hidden chunk that a script swaps in (no rows without JavaScript).
 * A client component, because only the URL tells which of the two pages is coming.
 */
export default function Loading() {
  const [view] = useQueryStates(runsPageParsers);
  return <RunsSkeleton kind={view.from !== null && view.to !== null ? "run" : "recent"} />;
}
