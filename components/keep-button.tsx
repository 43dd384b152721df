"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { KeepState } from "@/lib/history/types";
import { historyKeys, keepStateQuery, putKeep } from "@/lib/queries/history";
import { useCanChange } from "./role";
import { Button } from "./ui/button";
import { cx } from "./ui/class-names";

/**
 * "Keep" for a job or a run: its jobs stay in the history past retention (HISTORY_DAYS), for a
 * ticket or a post-mortem. A toggle (aria-pressed); "mixed" when only some of a run's jobs are kept.
 * Disabled, with the reason, while the history cannot answer.
 */
export function KeepButton({ url, what }: { url: string; what: "job" | "run" }) {
  const queryClient = useQueryClient();
  const canChange = useCanChange();
  const state = useQuery(keepStateQuery(url));
  const change = useMutation({
    mutationFn: (keep: boolean) => putKeep(url, keep),
    onSuccess: (next: KeepState) => queryClient.setQueryData(historyKeys.keep(url), next),
  });
  const data = state.data;
  const all = data !== undefined && data.stored > 0 && data.kept === data.stored;
  const some = data !== undefined && data.kept > 0 && !all;
  const unavailable = state.isError;
  const nothing = data !== undefined && data.stored === 0 && what === "run";
  const reason = unavailable
    ? "The job history is not answering: nothing can be kept now."
    : !canChange
      ? `${all ? "Kept in the history past retention." : "Not kept past retention."} Only an admin can change that.`
      : nothing
        ? "The history holds none of this run's jobs yet."
        : all
          ? `Kept in the history past retention. Press to let the ${what} expire with the rest.`
          : `Keep this ${what} in the history past retention.`;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        aria-pressed={all ? true : some ? "mixed" : false}
        disabled={!canChange || unavailable || nothing || state.isPending || change.isPending}
        title={reason}
        aria-describedby={`keep-${what}-reason`}
        onClick={() => change.mutate(!all)}
        className={cx(all && "border-accent text-accent", "disabled:opacity-60")}
        data-testid="keep-button"
      >
        {all ? "Kept" : some ? `Kept ${data.kept} of ${data.stored}` : "Keep"}
      </Button>
      <span id={`keep-${what}-reason`} className="sr-only">
        {reason}
      </span>
      {change.isError ? (
        <span role="alert" className="text-xs text-status-failed">
          Not changed: {(change.error as Error).message}
        </span>
      ) : null}
    </span>
  );
}
