import { Link } from "@/components/account-link";
import type { TrendDay } from "@/lib/trends/answer";

export interface TrendColumn {
  label: string;
  value: (day: TrendDay) => string;
  key?: string;
}

/**
 * A chart's figures as a table, one row per day, each day a link to the jobs created that day. Folded
 * under the chart; it scrolls within itself, so a wide one never widens the page.
 */
export function TrendTable({
  caption,
  days,
  columns,
  dayHref,
}: {
  caption: string;
  days: TrendDay[];
  columns: TrendColumn[];
  dayHref: (day: string) => string;
}) {
  if (columns.length === 0) return null;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-accent underline-offset-2 hover:underline">
        The chart&apos;s figures as a table
      </summary>
      <div className="mt-2 max-h-80 overflow-auto rounded-lg border border-line">
        <table className="w-full text-left text-sm tabular-nums">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-surface-muted text-xs text-ink-muted">
            <tr>
              <th scope="col" className="px-2 py-1.5 font-medium">
                Day
              </th>
              {columns.map((c) => (
                <th key={c.key ?? c.label} scope="col" className="px-2 py-1.5 font-medium whitespace-nowrap">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day} className="border-t border-line">
                <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">
                  <Link href={dayHref(d.day)} className="text-accent underline-offset-2 hover:underline">
                    {d.day}
                  </Link>
                </th>
                {columns.map((c) => (
                  <td key={c.key ?? c.label} className="px-2 py-1">
                    {c.value(d)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
