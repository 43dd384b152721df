"use client";

import { formatRelative } from "@/lib/format";
import { useNow } from "./clock";

/**
 * "updated 12 s ago", ticking every second. Its own component so that only this text re-renders
 * each second, not the view (and the hundreds of rows) around it.
 */
export function UpdatedAgo({ at, label = "updated", testId }: { at: number; label?: string; testId?: string }) {
  const now = useNow();
  return (
    <span data-testid={testId}>
      {label} {formatRelative(new Date(at).toISOString(), now)}
    </span>
  );
}
