import { Link } from "@/components/account-link";
import { RelativeAndExactTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { skuHref } from "@/lib/search/query";
import type { SearchResult } from "@/lib/search/types";
import type { TimeZoneChoice } from "@/lib/time-zone";

const OUTCOME_WORDS: Record<string, string> = {
  created: "created",
  updated: "updated",
  deleted: "deleted",
  failed: "failed",
  named: "named by a failed entry",
};

/** What the link of a hit says: the SKU and what happened to it, the error group, or the job id. */
function headline(result: SearchResult): string {
  if (result.group === "jobs") return result.jobId;
  const error = result.code ? `${result.code}${result.field ? ` · ${result.field}` : ""}` : null;
  if (result.group === "skus")
    return `${result.label}: ${OUTCOME_WORDS[result.outcome] ?? result.outcome}${error ? ` (${error})` : ""}`;
  return `${error}${result.count > 1 ? ` · ${result.count} entries` : ""}`;
}

/**
 * Hits as a list (one card each, so a phone never scrolls sideways): the link to the job, opened on
 * the entry's error group; the job's type, status and creation; whether Klaviyo still holds it; the
 * error's detail; and, for a SKU, its own page.
 */
export function SearchResults({
  results,
  tz,
  skuLinks = true,
}: {
  results: SearchResult[];
  tz: TimeZoneChoice;
  skuLinks?: boolean;
}) {
  return (
    <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
      {results.map((result) => (
        <li
          key={`${result.type}/${result.jobId}/${result.n}`}
          className="space-y-1 px-3 py-2 text-sm"
          data-testid="search-result"
        >
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <Link
              href={`${result.href}${tz === "utc" ? `${result.href.includes("?") ? "&" : "?"}tz=utc` : ""}`}
              className="font-medium break-all text-accent underline"
            >
              {headline(result)}
            </Link>
            <span className="text-ink-muted">{JOB_TYPE_INFO[result.type].label}</span>
            <StatusBadge status={result.jobStatus} />
            <span className="text-xs text-ink-muted">{result.held ? "in Klaviyo" : "only in the history"}</span>
          </div>
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-xs text-ink-muted">
            <span>
              job <span className="font-mono break-all">{result.jobId}</span>
            </span>
            <span className="inline-flex items-baseline gap-1">
              created <RelativeAndExactTime iso={result.createdAt} tz={tz} />
            </span>
            {skuLinks && result.group === "skus" ? (
              <Link href={skuHref(result.label, tz)} className="text-accent underline">
                every job of {result.label}
              </Link>
            ) : null}
          </div>
          {result.detail ? <p className="break-words text-ink-muted">{result.detail}</p> : null}
        </li>
      ))}
    </ul>
  );
}
