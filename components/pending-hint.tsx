"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>` to a page the server renders from Klaviyo (a run reads nine lists or more): a small
 * spinner that fades in while that page is on its way, so a click is answered at once. It keeps its
 * box when idle, so nothing moves; a navigation that finishes within 150 ms never shows it.
 */
export function PendingHint() {
  const { pending } = useLinkStatus();
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
