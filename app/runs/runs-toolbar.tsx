"use client";

import { Select } from "@/components/ui/select";
import { RUN_WINDOWS, type RunWindowChoice } from "@/lib/runs/params";

const WINDOW_LABELS: Record<RunWindowChoice, string> = {
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "72h": "Last 3 days",
};

export function WindowSelect({ value, onChange }: { value: RunWindowChoice; onChange: (w: RunWindowChoice) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">Look back</span>
      <Select value={value} onChange={(e) => onChange(RUN_WINDOWS.find((w) => w === e.target.value) ?? value)}>
        {RUN_WINDOWS.map((w) => (
          <option key={w} value={w}>
            {WINDOW_LABELS[w]}
          </option>
        ))}
      </Select>
    </label>
  );
}

const GAPS = [2, 5, 10, 15, 30, 60] as const;

/** Any gap from the URL stays selectable, even one the menu does not offer. */
export function GapSelect({ value, onChange }: { value: number; onChange: (minutes: number) => void }) {
  const options = [...new Set<number>([...GAPS, value])].sort((a, b) => a - b);
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">New run after a pause of</span>
      <Select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((g) => (
          <option key={g} value={g}>
            {g} min
          </option>
        ))}
      </Select>
    </label>
  );
}
