"use client";

import { useState, useTransition } from "react";
import { browserAccountPrefix, inAccount } from "@/lib/accounts/path";
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
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
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
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        size="sm"
        onClick={watch}
        disabled={pending || state?.ok === true}
        aria-pressed={state?.ok === true}
        title={`Tell the alert channels when this ${what} finishes`}
      >
        {state?.ok ? "Watching" : "Watch"}
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
