"use client";

import { useEffect, useState } from "react";

/** How long a wait for Klaviyo goes unremarked: past this the page says what it is waiting for. */
export const SLOW_AFTER_MS = 1_000;

/**
 * Shown inside a loading placeholder: after a moment, plain words that the page is waiting for
 * Klaviyo, and for how long. The live region says it once; the seconds are for the eye only.
 */
export function SlowNotice({ what = "the jobs" }: { what?: string }) {
  const [elapsedMs, setElapsedMs] = useState(0);
  useEffect(() => {
    const start = Date.now();
    const timer = setInterval(() => setElapsedMs(Date.now() - start), 500);
    return () => clearInterval(timer);
  }, []);
  const slow = elapsedMs >= SLOW_AFTER_MS;
  return (
    <p role="status" className="px-3 py-2 text-sm text-ink-muted" data-testid="slow-notice">
      {slow ? (
        <>
          Klaviyo is slow to answer: still waiting for {what}
          <span aria-hidden> ({Math.round(elapsedMs / 1000)} s)</span>. They show here as soon as they arrive.
        </>
      ) : null}
    </p>
  );
}
