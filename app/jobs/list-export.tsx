import { Anchor } from "@/components/account-link";
import { buttonClass } from "@/components/ui/button";
import { formatCount } from "@/lib/format";
import { EXPORT_MAX_JOBS } from "@/lib/jobs/list-export";
import type { ListQuery } from "@/lib/jobs/list-params";
import { jobListSearch } from "@/lib/queries/jobs";

/**
 * Downloads of the list on screen as CSV or JSON: every job its filters select, in its order, from
 * the first row (not only the page shown), up to 10,000. Plain links: the server writes the file.
 */
export function ListExport({ query }: { query: ListQuery }) {
  const search = jobListSearch({ ...query, cursor: undefined });
  const limit = formatCount(EXPORT_MAX_JOBS);
  return (
    <span role="group" aria-label="Export this list" className="inline-flex items-center gap-1">
      {(["csv", "json"] as const).map((format) => (
        <Anchor
          key={format}
          href={`/api/jobs/export?${search}&format=${format}`}
          download
          className={buttonClass({ size: "sm" })}
          aria-label={`Export this list as ${format.toUpperCase()} (every matching job, up to ${limit})`}
          title={`Every job of this list, in its order, up to ${limit}`}
        >
          {format.toUpperCase()}
        </Anchor>
      ))}
    </span>
  );
}
