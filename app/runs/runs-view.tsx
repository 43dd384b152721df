"use client";

import type { RunsQuery } from "@/lib/runs/params";
import { RecentRunsView } from "./recent-runs-view";
import { RunView } from "./run-view";

/**
 * The URL decides: a time window is one run, no window is the list of recent runs. The server page
 * parses the URL (lib/runs/query.server) and passes the query down; the views change its data-selecting
 * parameters with a server round trip, so it is parsed in one place only.
 */
export function RunsView({ query }: { query: RunsQuery }) {
  return query.kind === "run" ? <RunView query={query} /> : <RecentRunsView query={query} />;
}
