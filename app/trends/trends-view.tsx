"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { type FormEvent, useEffect } from "react";
import { Anchor, Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { Button, buttonClass } from "@/components/ui/button";
import { useHydrated } from "@/components/use-hydrated";
import { trendsQuery } from "@/lib/queries/trends";
import { useShownError } from "@/lib/queries/use-shown-error";
import {
  addDays,
  isZone,
  type TrendsQuery,
  todayIn,
  trendsApiUrl,
  trendsHref,
  trendsPageParsers,
  ZONE_COOKIE,
} from "@/lib/trends/params";
import { TrendsCharts } from "./trends-charts";

const QUICK_RANGES = [7, 30, 90] as const;

/** The browser's own zone, once this runs in the browser (null on the server and while hydrating). */
function useBrowserZone(): string | null {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isZone(zone) ? zone : "UTC";
}

export function TrendsView({ query }: { query: TrendsQuery }) {
  const [view, setView] = useQueryStates(trendsPageParsers, { history: "push", shallow: false });
  const browserZone = useBrowserZone();
  // Local time: days are cut in the browser's zone. The server used the zone this browser last told
  // it; when that differs (a first visit, a trip), the browser asks again in its own.
  const zone = view.tz === "local" && browserZone ? browserZone : query.zone;
  const shown: TrendsQuery = { ...query, zone };
  useEffect(() => {
    if (view.tz === "local" && browserZone) {
      document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(browserZone)}; path=/; max-age=31536000; samesite=lax`;
    }
  }, [view.tz, browserZone]);

  const result = useQuery(trendsQuery(shown));
  const { data, isPending, isFetching, refetch } = result;
  const error = useShownError(trendsQuery(shown).queryKey, result);
  const today = todayIn(zone);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get("from") ?? "");
    const to = String(form.get("to") ?? "");
    void setView({ from: from || null, to: to || null });
  };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Trends</h1>
        <p className="text-sm text-ink-muted">
          Every job type, day by day, from the job history: {query.from} to {query.to}, days in {zone}.
        </p>
      </div>

      <div role="toolbar" aria-label="Trends view" className="flex flex-wrap items-end gap-3">
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" key={`${query.from}/${query.to}`}>
          <label className="flex flex-col text-xs text-ink-muted">
            From
            <input
              type="date"
              name="from"
              defaultValue={query.from}
              required
              className="rounded-md border border-line bg-surface px-2 py-1 text-sm text-ink"
            />
          </label>
          <label className="flex flex-col text-xs text-ink-muted">
            To
            <input
              type="date"
              name="to"
              defaultValue={query.to}
              required
              className="rounded-md border border-line bg-surface px-2 py-1 text-sm text-ink"
            />
          </label>
          <Button type="submit">Show</Button>
        </form>
        <nav aria-label="Quick ranges" className="flex gap-2 text-sm">
          {QUICK_RANGES.map((days) => (
            <Link
              key={days}
              href={trendsHref({ from: addDays(today, -(days - 1)), to: today }, view.tz)}
              className={buttonClass({ size: "xs" })}
            >
              Last {days} days
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <TimeZoneSwitch value={view.tz} onChange={(tz) => void setView({ tz })} />
          <Anchor href={trendsApiUrl(shown, "csv")} download className={buttonClass({ size: "xs" })}>
            Export CSV
          </Anchor>
          <Anchor href={trendsApiUrl(shown, "json")} download className={buttonClass({ size: "xs" })}>
            Export JSON
          </Anchor>
        </div>
      </div>

      {data?.history.since && data.history.since.slice(0, 10) > data.from ? (
        <p role="note" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm">
          The job history is kept since {data.history.since.slice(0, 10)}: days before that are incomplete, and error
          groups are judged new against what it holds.
        </p>
      ) : null}

      {error ? (
        <ErrorState error={error} onRetry={() => refetch()} retrying={isFetching} compact={Boolean(data)} />
      ) : null}
      {isPending && !error ? <p className="text-sm text-ink-muted">Loading the trends…</p> : null}
      {data ? <TrendsCharts answer={data} tz={view.tz} /> : null}
    </div>
  );
}
