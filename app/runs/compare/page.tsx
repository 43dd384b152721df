import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { createLoader } from "nuqs/server";
import { Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { accountHref } from "@/lib/accounts/current.server";
import { getQueryClient } from "@/lib/queries/query-client";
import { compareQuery } from "@/lib/queries/runs";
import { getComparison } from "@/lib/runs/compare.server";
import { compareHref } from "@/lib/runs/compare-params";
import { parseCompareRecord } from "@/lib/runs/compare-query.server";
import { runHref, runsListHref } from "@/lib/runs/params";
import { findPreviousRun } from "@/lib/runs/previous.server";
import { timeZoneParser } from "@/lib/time-zone";
import { CompareView } from "./compare-view";

export const metadata: Metadata = { title: "Run against run" };

const loadZone = createLoader({ tz: timeZoneParser });

function Refused({ message, back }: { message: string; back: { href: string; label: string } }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Run against run</h1>
      <ErrorState error={{ code: "bad_request", message }} />
      <Link href={back.href} className="text-sm text-accent underline">
        {back.label}
      </Link>
    </div>
  );
}

/** `/runs/compare?a=from..to&b=from..to` (see lib/runs/compare-params.ts); without `a`, b against the run before it. */
export default async function ComparePage({ searchParams }: PageProps<"/runs/compare">) {
  const params = await searchParams;
  const { tz } = await loadZone(searchParams);
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === "tz" || value === undefined) continue;
    if (Array.isArray(value)) {
      return (
        <Refused
          message={`parameter "${key}" is repeated`}
          back={{ href: runsListHref(tz), label: "Show recent runs" }}
        />
      );
    }
    record[key] = value;
  }
  const parsed = parseCompareRecord(record);
  if (!parsed.ok || parsed.data.format) {
    const message = parsed.ok ? "format belongs to the export (/api/runs/compare), not to the page" : parsed.message;
    return <Refused message={message} back={{ href: runsListHref(tz), label: "Show recent runs" }} />;
  }
  const { b, gapMinutes } = parsed.data;
  if (!parsed.data.a) {
    const previous = await findPreviousRun(b, gapMinutes);
    // The link then names both runs: reopened later, it compares the same two.
    if (previous.found) redirect(await accountHref(compareHref(b, previous.run, gapMinutes, tz)));
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Run against run</h1>
        <p role="note" className="rounded-md border border-line bg-surface px-3 py-2 text-sm">
          {previous.message}
        </p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link href={runHref(b.from, b.to, gapMinutes, tz)} className="text-accent underline">
            Back to the run
          </Link>
          <Link href={runsListHref(tz)} className="text-accent underline">
            Recent runs
          </Link>
        </p>
      </div>
    );
  }
  const query = { a: parsed.data.a, b, gapMinutes };
  const queryClient = getQueryClient();
  await prefetchForPage(queryClient, compareQuery(query).queryKey, () => getComparison(query));
  return withPrefetched(queryClient, <CompareView query={query} tz={tz} />);
}
