"use client";

import { Select } from "@/components/ui/select";

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
