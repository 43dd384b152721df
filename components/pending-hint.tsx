"use client";

import { useLinkStatus } from "next/link";
import { useEffect } from "react";
import { announce } from "./announcer";

/** A navigation still pending after this long is also said to screen readers. */
export const PENDING_ANNOUNCE_MS = 1000;

/**
 * Inside a `<Link>` to a page the server renders from Klaviyo (a run reads nine lists or more): a small
 * spinner that fades in while that page is on its way, so a click is answered at once. It keeps its
 * box when idle, so nothing moves; a navigation that finishes within 150 ms never shows it. The
 * spinner is hidden from screen readers, which hear "Loading…" instead once the wait is noticeable.
 */
export function PendingHint() {
  const { pending } = useLinkStatus();
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => announce("Loading…"), PENDING_ANNOUNCE_MS);
    return () => clearTimeout(timer);
  }, [pending]);
  return (
    <span
      aria-hidden
      data-testid="pending-hint"
      data-pending={pending || undefined}
      className={`ml-1.5 inline-block h-3 w-3 shrink-0 rounded-full border-2 border-current border-t-transparent align-[-0.1em] transition-opacity ${
        pending ? "animate-spin opacity-70 delay-150 motion-reduce:animate-none" : "opacity-0"
      }`}
    />
  );
}
