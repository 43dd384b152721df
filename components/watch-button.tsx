"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { browserAccountPrefix, inAccount } from "@/lib/accounts/path";
import { useCanChange } from "./role";
import { Button } from "./ui/button";

/**
 * "Watch": tell me when this job or run finishes. It adds a one-off alert rule for every channel;
 * the message arrives once, then the rule is done (it shows on the Alerts page).
 */
export function WatchButton({
  target,
  what,
}: {
  target: { job: { type: string; id: string } } | { run: { from: string; to: string } };
  what: "job" | "run";
}) {
  // Watching adds an alert rule: an admin's to make (the proxy refuses a viewer's anyway).
  const canChange = useCanChange();
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const search =
    "job" in target
      ? new URLSearchParams({ job: `${target.job.type}/${target.job.id}` })
      : new URLSearchParams({ from: target.run.from, to: target.run.to });
  // A watch made earlier (before a reload, or by someone else) shows as such until it fires.
  const earlier = useQuery({
    queryKey: ["alerts", "watch", search.toString()],
    queryFn: async () => {
      const response = await fetch(inAccount(browserAccountPrefix(), `/api/alerts/watch?${search}`));
      if (!response.ok) return { watching: false };
      return (await response.json()) as { watching: boolean };
    },
    enabled: canChange,
  });
  const watching = state?.ok === true || earlier.data?.watching === true;
  function watch() {
    startTransition(async () => {
      const response = await fetch(inAccount(browserAccountPrefix(), "/api/alerts/watch"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(target),
      });
      if (response.ok) setState({ ok: true, text: `Watching: the alert channels hear when this ${what} finishes.` });
      else {
        const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setState({
          ok: false,
          text: answer?.error?.message ?? `Not watched (the server answered ${response.status}).`,
        });
      }
    });
  }
  if (!canChange) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        onClick={watch}
        disabled={pending || watching}
        aria-pressed={watching}
        title={`Tell the alert channels when this ${what} finishes`}
      >
        {watching ? "Watching" : "Watch"}
      </Button>
      {state ? (
        <span
          role={state.ok ? "status" : "alert"}
          className={state.ok ? "text-xs text-ink-muted" : "text-xs text-danger"}
        >
          {state.text}
        </span>
      ) : null}
    </span>
  );
}
