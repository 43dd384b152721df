"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { type ReactNode, useEffect } from "react";
import { Announcer } from "@/components/announcer";
import { ClockProvider } from "@/components/clock";
import { getQueryClient } from "@/lib/queries/query-client";

/**
 * React Query, URL state (nuqs), the shared clock and the page's live region: everything client views
 * need, in one place.
 */
export function Providers({ serverNow, children }: { serverNow: number; children: ReactNode }) {
  const queryClient = getQueryClient();
  // Marks the moment the page became interactive (tests and the benchmark wait for it).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <NuqsAdapter>
        <ClockProvider serverNow={serverNow}>{children}</ClockProvider>
        <Announcer />
      </NuqsAdapter>
    </QueryClientProvider>
  );
}
