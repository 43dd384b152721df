"use client";

import type { ReactNode } from "react";
import { useRefreshing } from "@/lib/queries/use-refreshing";

/**
 * Shows `children` ("refreshing…") while a view that shows data asks Klaviyo again. A component of
 * its own: when hydration ends, useRefreshing leaves the server's value, and only these words
 * re-render, not the view and its tables around them.
 */
export function WhileRefreshing({
  isFetching,
  isPending,
  children,
}: {
  isFetching: boolean;
  isPending: boolean;
  children: ReactNode;
}) {
  return useRefreshing({ isFetching, isPending }) ? <>{children}</> : null;
}
