"use client";

import { RUN_WINDOWS, type RunWindowChoice } from "@/lib/runs/params";
import { Select } from "./ui/select";

const WINDOW_LABELS: Record<RunWindowChoice, string> = {
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "72h": "Last 3 days",
};

/** The look-back of the runs list and of the overview: the same choices, the same words. */
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
