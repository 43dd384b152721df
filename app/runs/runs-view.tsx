"use client";

import { useQueryStates } from "nuqs";
import { ErrorState } from "@/components/error-state";
import { runsPageParsers, runsQueryFromView } from "@/lib/runs-params";
import { RecentRunsView } from "./recent-runs-view";
import { RunView } from "./run-view";

/** The URL decides: a time window is one run, no window is the list of recent runs. */
export function RunsView() {
  const [view] = useQueryStates(runsPageParsers);
  const parsed = runsQueryFromView(view);
  if (!parsed.ok) return <ErrorState error={{ code: "bad_request", message: parsed.message }} />;
  return parsed.data.kind === "run" ? <RunView query={parsed.data} /> : <RecentRunsView query={parsed.data} />;
}
