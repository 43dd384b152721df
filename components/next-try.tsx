"use client";

import { useEffect, useState } from "react";

/** "Next try in 12 s", counting down to a view's next read after a failure; "Trying again…" once due. */
export function NextTry({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.ceil((at - now) / 1000);
  return (
    <p className="mt-1 text-xs text-ink-muted" data-testid="next-try">
      {seconds > 0 ? `Next try in ${seconds} s.` : "Trying again…"}
    </p>
  );
}
