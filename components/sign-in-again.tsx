"use client";

import type { SyntheticEvent } from "react";

/** The sign-in link, pointed at this page (filters, tab, group) just before it is followed or copied. */
function pointHere(event: SyntheticEvent<HTMLAnchorElement>) {
  const next = window.location.pathname + window.location.search;
  event.currentTarget.href = `/sign-in?${new URLSearchParams({ next })}`;
}

/** A link to sign in that brings the person back to exactly this page. */
export function SignInAgain() {
  return (
    <a
      href="/sign-in"
      onClick={pointHere}
      onFocus={pointHere}
      onPointerEnter={pointHere}
      className="mt-2 inline-block rounded-md border border-line bg-surface px-3 py-1 text-sm font-medium hover:bg-surface-muted"
    >
      Sign in again
    </a>
  );
}
