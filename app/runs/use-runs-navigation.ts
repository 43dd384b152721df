"use client";

import { useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { useAccountRouter } from "@/components/account-link";
import { DEFAULT_GAP_MINUTES, DEFAULT_RUN_WINDOW, RUN_WINDOWS, type RunWindowChoice } from "@/lib/runs/params";

type DataParam = "window" | "gap";

/**
 * Changes a data-selecting parameter of /runs (the look-back or the gap) by navigating: the server
 * page parses it (lib/runs/query.server) and reads Klaviyo, and the views get the parsed query as a prop.
 * Until that lands, `pending` is true and `shown` holds what was asked for, for the controls;
 * otherwise `shown` is the current query's.
 */
export function useRunsNavigation(current: { gapMinutes: number; window?: RunWindowChoice }) {
  const router = useAccountRouter();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [requested, setRequested] = useState<Partial<Record<DataParam, string | null>>>({});

  function change(key: DataParam, value: string | null) {
    const next = new URLSearchParams(searchParams.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    const search = next.toString();
    setRequested((r) => ({ ...r, [key]: value }));
    startTransition(() => router.push(search ? `/runs?${search}` : "/runs", { scroll: false }));
  }

  const asked = pending ? requested : {};
  const shown = {
    gapMinutes: asked.gap === undefined ? current.gapMinutes : Number(asked.gap ?? DEFAULT_GAP_MINUTES),
    window:
      asked.window === undefined
        ? (current.window ?? DEFAULT_RUN_WINDOW)
        : (RUN_WINDOWS.find((w) => w === asked.window) ?? DEFAULT_RUN_WINDOW),
  };
  return { pending, shown, change };
}
