"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { RuleView } from "@/lib/alerts/types";
import { type Problem, sendJson } from "./send-json";

function useAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<Problem | null>, done?: string) =>
    startTransition(async () => {
      const problem = await work();
      setError(problem?.message ?? null);
      setNote(problem ? null : (done ?? null));
      if (!problem) router.refresh();
    });
  return { error, note, pending, run };
}

function Feedback({ error, note }: { error: string | null; note: string | null }) {
  if (error) {
    return (
      <span role="alert" className="block text-xs text-danger">
        {error}
      </span>
    );
  }
  return note ? (
    <span role="status" className="block text-xs text-ink-muted">
      {note}
    </span>
  ) : null;
}

export function RuleActions({ rule }: { rule: RuleView }) {
  const { error, note, pending, run } = useAction();
  const definition = {
    name: rule.name,
    kind: rule.kind,
    scope: rule.scope,
    channels: rule.channels,
    muted: !rule.muted,
    ...rule.params,
  };
  return (
    <div className="flex flex-wrap gap-2">
      {rule.oneOff ? null : (
        <Button
          size="xs"
          disabled={pending}
          aria-label={`${rule.muted ? "Unmute" : "Mute"} rule ${rule.name}`}
          onClick={() => run(() => sendJson("PUT", `/api/alerts/rules/${rule.id}`, definition))}
        >
          {rule.muted ? "Unmute" : "Mute"}
        </Button>
      )}
      <Button
        size="xs"
        disabled={pending}
        aria-label={`Delete rule ${rule.name}`}
        onClick={() => run(() => sendJson("DELETE", `/api/alerts/rules/${rule.id}`))}
      >
        Delete
      </Button>
      <Feedback error={error} note={note} />
    </div>
  );
}

/** A channel from ALERTS_FILE can be tested here but not deleted (`readOnly`). */
export function ChannelActions({ id, name, readOnly }: { id: string; name: string; readOnly: boolean }) {
  const { error, note, pending, run } = useAction();
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        size="xs"
        disabled={pending}
        aria-label={`Send a test to ${name}`}
        onClick={() => run(() => sendJson("POST", `/api/alerts/channels/${id}/test`), "Test sent: see Notifications.")}
      >
        Send a test
      </Button>
      {readOnly ? null : (
        <Button
          size="xs"
          disabled={pending}
          aria-label={`Delete channel ${name}`}
          onClick={() => run(() => sendJson("DELETE", `/api/alerts/channels/${id}`))}
        >
          Delete
        </Button>
      )}
      <Feedback error={error} note={note} />
    </div>
  );
}
