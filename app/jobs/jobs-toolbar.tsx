"use client";

import { useEffect, useRef } from "react";
import { COLUMN_LABELS } from "@/components/job-table/columns";
import { focusRing } from "@/components/ui/focus-ring";
import { controlClass, Select } from "@/components/ui/select";
import {
  isJobType,
  JOB_RESOURCES,
  JOB_STATUSES,
  JOB_TYPE_INFO,
  JOB_TYPES,
  type JobResource,
  type KnownJobStatus,
} from "@/lib/job-types";
import {
  ALL_TYPES,
  LIST_COLUMNS,
  type ListColumn,
  type ListType,
  REFRESH_INTERVALS,
  type RefreshInterval,
} from "@/lib/jobs/list-params";

const RESOURCE_GROUPS: Record<JobResource, string> = { item: "Items", variant: "Variants", category: "Categories" };

export function TypeSelect({ value, onChange }: { value: ListType; onChange: (type: ListType) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">Job type</span>
      <Select value={value} onChange={(e) => onChange(e.target.value as ListType)} data-testid="type-select">
        <option value={ALL_TYPES}>All types</option>
        {value !== ALL_TYPES && !isJobType(value) ? <option value={value}>Several types</option> : null}
        {JOB_RESOURCES.map((resource) => (
          <optgroup key={resource} label={RESOURCE_GROUPS[resource]}>
            {JOB_TYPES.filter((t) => JOB_TYPE_INFO[t].resource === resource).map((t) => (
              <option key={t} value={t}>
                {JOB_TYPE_INFO[t].label}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
    </label>
  );
}

export function StatusTabs({
  value,
  onChange,
}: {
  value: KnownJobStatus | null;
  onChange: (status: KnownJobStatus | null) => void;
}) {
  const options: (KnownJobStatus | null)[] = [null, ...JOB_STATUSES];
  return (
    <div
      role="group"
      aria-label="Filter by status"
      className="flex flex-wrap gap-1 rounded-lg border border-line bg-surface p-1"
    >
      {options.map((status) => {
        const active = status === value;
        return (
          <button
            key={status ?? "all"}
            type="button"
            aria-pressed={active}
            onClick={() => onChange(status)}
            className={`rounded-md px-2 py-1 text-sm capitalize ${focusRing} ${
              active
                ? "bg-accent font-semibold text-accent-ink"
                : "text-ink-muted hover:bg-surface-muted hover:text-ink"
            }`}
          >
            {/* The chosen tab is bold: each tab is as wide as its bold label, so choosing one moves
                nothing and the toolbar never wraps anew. */}
            <span className="inline-grid">
              <span aria-hidden className="invisible col-start-1 row-start-1 font-semibold">
                {status ?? "all"}
              </span>
              <span className="col-start-1 row-start-1">{status ?? "all"}</span>
            </span>
          </button>
        );
      })}
    </div>
  );
}

export function RefreshSelect({ value, onChange }: { value: RefreshInterval; onChange: (v: RefreshInterval) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">Auto-refresh</span>
      <Select value={value} onChange={(e) => onChange(Number(e.target.value) as RefreshInterval)}>
        {REFRESH_INTERVALS.map((s) => (
          <option key={s} value={s}>
            {s === 0 ? "Off" : `Every ${s} s`}
          </option>
        ))}
      </Select>
    </label>
  );
}

/** A <details> menu that closes the way menus do: Esc (back to its button) or a click anywhere outside it. */
export function useDismissableMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const onPointerDown = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    details.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      details.removeEventListener("keydown", onKeyDown);
    };
  }, []);
  return menu;
}

export function ColumnChooser({
  hidden,
  onChange,
}: {
  hidden: ListColumn[];
  onChange: (hidden: ListColumn[]) => void;
}) {
  const menu = useDismissableMenu();
  return (
    <details ref={menu} className="relative">
      <summary className={`${controlClass} cursor-pointer list-none select-none`}>Columns</summary>
      <fieldset className="absolute right-0 z-30 mt-1 w-48 space-y-1 rounded-md border border-line bg-surface p-2 shadow-lg">
        <legend className="sr-only">Visible columns</legend>
        {LIST_COLUMNS.filter((c) => c !== "id").map((column) => (
          <label key={column} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={!hidden.includes(column)}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((c) => c !== column) : [...hidden, column])}
            />
            {COLUMN_LABELS[column]}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
