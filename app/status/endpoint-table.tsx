"use client";

import { RelativeTime } from "@/components/relative-time";
import { TableHead, TableHeaderCell } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import type { EndpointStatus } from "@/lib/status/report";
import type { TimeZoneChoice } from "@/lib/time-zone";

const cell = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

/** Over the dashboard's cap is worth a colour: the limiter should never let it happen. */
const over = (value: number, cap: number) => (value > cap ? "font-semibold text-danger" : "");

function operationLabel(row: EndpointStatus): string {
  if (row.operation === "list") return "list";
  const include = JOB_TYPE_INFO[row.type].include;
  return include ? `one job, with its ${include}` : "one job";
}

function EndpointRow({ row, tz }: { row: EndpointStatus; tz: TimeZoneChoice }) {
  const minute = row.lastMinute.person + row.lastMinute.background;
  return (
    <tr data-endpoint={row.endpoint} className="border-t border-line align-top">
      <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
        {JOB_TYPE_INFO[row.type].label}
        <span className="block text-xs font-normal text-ink-muted">{operationLabel(row)}</span>
      </th>
      <td className={cell} data-testid="person-minute">
        {formatCount(row.lastMinute.person)}
      </td>
      <td
        className={`${cell} ${over(row.lastMinute.background, row.backgroundCap.steady)}`}
        data-testid="background-minute"
      >
        {formatCount(row.lastMinute.background)}
      </td>
      <td className={`${cell} text-ink-muted`}>
        <span className={over(minute, row.dashboardCap.steady)}>{formatCount(row.dashboardCap.steady)}</span>
        {" · "}
        {formatCount(row.backgroundCap.steady)}
        <span className="block text-xs">of {formatCount(row.limits.steady)}</span>
      </td>
      <td className={cell}>
        <span className={over(row.busiestSecond, row.dashboardCap.burst)}>{formatCount(row.busiestSecond)}</span>
        <span className="block text-xs text-ink-muted">
          cap {formatCount(row.dashboardCap.burst)} of {formatCount(row.limits.burst)}
        </span>
      </td>
      <td className={cell} data-testid="hour">
        {formatCount(row.lastHour.person)}
        <span className="text-ink-muted"> · {formatCount(row.lastHour.background)}</span>
      </td>
      <td className={cell}>
        <span data-testid="throttled-hour" className={row.throttledLastHour > 0 ? "font-semibold text-danger" : ""}>
          {formatCount(row.throttledLastHour)}
        </span>
        {row.lastThrottledAt ? (
          <span className="block text-xs text-ink-muted">
            last <RelativeTime iso={row.lastThrottledAt} tz={tz} />
          </span>
        ) : null}
        {row.refusedLastHour > 0 ? (
          <span className="block text-xs text-ink-muted">
            {formatCount(row.refusedLastHour)} held back by the dashboard
          </span>
        ) : null}
      </td>
      <td className={cell} data-testid="remaining">
        {row.remaining ? (
          <>
            {formatCount(row.remaining.value)}
            <span className="block text-xs text-ink-muted">
              <RelativeTime iso={row.remaining.at} tz={tz} />
            </span>
          </>
        ) : (
          <span className="text-ink-muted">not seen</span>
        )}
      </td>
    </tr>
  );
}

/** Every endpoint the dashboard calls, list and get-one of each of the nine job types. */
export function EndpointTable({ endpoints, tz }: { endpoints: EndpointStatus[]; tz: TimeZoneChoice }) {
  return (
    <div className="space-y-2">
      <p className="text-xs text-ink-muted">
        Caps per minute: the dashboard&apos;s · background work&apos;s, of Klaviyo&apos;s limit. Busiest second: the
        most calls in one second of the last minute, against the dashboard&apos;s cap and Klaviyo&apos;s burst limit.
        RateLimit-Remaining: what Klaviyo last said is left of its minute.
      </p>
      {/* Wide by nature: the table scrolls inside its box, never the page. */}
      <div className="overflow-x-auto rounded-lg border border-line bg-surface">
        <table className="w-full text-sm">
          <caption className="sr-only">Calls to Klaviyo per endpoint</caption>
          <TableHead>
            <tr>
              <TableHeaderCell>Endpoint</TableHeaderCell>
              <TableHeaderCell numeric>People, last min</TableHeaderCell>
              <TableHeaderCell numeric>Background, last min</TableHeaderCell>
              <TableHeaderCell numeric>Cap per min</TableHeaderCell>
              <TableHeaderCell numeric>Busiest second</TableHeaderCell>
              <TableHeaderCell numeric>Last hour (people · background)</TableHeaderCell>
              <TableHeaderCell numeric>429s, last hour</TableHeaderCell>
              <TableHeaderCell numeric>RateLimit-Remaining</TableHeaderCell>
            </tr>
          </TableHead>
          <tbody>
            {endpoints.map((row) => (
              <EndpointRow key={row.endpoint} row={row} tz={tz} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
