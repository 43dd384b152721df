"use client";

import type { ReactNode } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * A view's toolbar, with `data-live` once its controls answer (see useHydrated). A component of its
 * own: the switch re-renders the toolbar, not the view that holds it.
 */
export function LiveToolbar({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const live = useHydrated();
  return (
    <div role="toolbar" aria-label={label} className={className} data-live={live}>
      {children}
    </div>
  );
}
