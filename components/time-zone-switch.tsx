"use client";

import type { TimeZoneChoice } from "@/lib/time-zone";

/** Local time / UTC, for the exact times of a view (the list, the runs, a job's page). */
export function TimeZoneSwitch({ value, onChange }: { value: TimeZoneChoice; onChange: (v: TimeZoneChoice) => void }) {
  return (
    <div role="group" aria-label="Time zone" className="flex rounded-md border border-line p-0.5 text-xs">
      {(["local", "utc"] as const).map((tz) => (
        <button
          key={tz}
          type="button"
          aria-pressed={value === tz}
          onClick={() => onChange(tz)}
          className={`rounded px-2 py-1 ${value === tz ? "bg-surface-muted font-semibold" : "text-ink-muted hover:text-ink"}`}
        >
          {tz === "local" ? "Local time" : "UTC"}
        </button>
      ))}
    </div>
  );
}
