"use client";

import { type ReactNode, startTransition, useEffect, useRef, useState } from "react";

/**
 * Renders `children` once the placeholder comes within `margin` of the viewport, and keeps them
 * from then on. Wrapped around a `next/dynamic` component, its code (Recharts is ~130 KiB gzip) is
 * fetched only when someone scrolls towards it, not with the page.
 */
export function WhenVisible({
  children,
  minHeight,
  margin = "300px",
}: {
  children: ReactNode;
  minHeight: number;
  margin?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (shown || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        // A transition: React may interrupt the charts' render for input. (Recharts' own store
        // updates still run synchronously, so its first render stays one long task.)
        if (entries.some((e) => e.isIntersecting)) startTransition(() => setShown(true));
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown, margin]);
  if (shown) return <>{children}</>;
  return <div ref={ref} style={{ minHeight }} className="rounded-lg border border-line bg-surface" aria-hidden />;
}
