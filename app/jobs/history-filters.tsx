"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { controlClass, Select } from "@/components/ui/select";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { HISTORY_ORDER_LABELS, HISTORY_ORDERS, type HistoryOrder, typesOf, typeValue } from "@/lib/jobs/history-filter";
import type { ListType } from "@/lib/jobs/list-params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { useDismissableMenu } from "./jobs-toolbar";

export interface HistoryFilterView {
  type: ListType;
  from: string | null;
  to: string | null;
  failed: string | null;
  rate: string | null;
  order: string | null;
  tz: TimeZoneChoice;
}

type Change = Partial<Omit<HistoryFilterView, "tz">>;

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A local wall-clock time with the browser's offset, e.g. `2026-12-01T00:00:00+01:00`. */
function localIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const ms = date.getMilliseconds() ? `.${pad(date.getMilliseconds(), 3)}` : "";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:` +
    `${pad(date.getMinutes())}:${pad(date.getSeconds())}${ms}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
}

/**
 * A day picked in the toolbar as the URL keeps it: the day itself in UTC, or in local time its first
 * (for `from`) or last (for `to`) instant with the browser's offset, so the link means the same
 * instants wherever it is opened.
 */
export function dayParam(day: string, end: "from" | "to", tz: TimeZoneChoice): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  if (tz === "utc") return day;
  const [y, m, d] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  return localIso(end === "from" ? new Date(y, m, d, 0, 0, 0, 0) : new Date(y, m, d, 23, 59, 59, 999));
}

/** The day a URL value names, as the date field shows it: the date it was written with. */
const dayOf = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : "");

function TypesMenu({ value, onChange }: { value: ListType; onChange: (type: ListType) => void }) {
  const menu = useDismissableMenu();
  const chosen = typesOf(value) ?? [];
  const toggle = (type: JobType, on: boolean) => {
    const next = on ? [...chosen, type] : chosen.filter((t) => t !== type);
    if (next.length > 0) onChange(typeValue(next) as ListType);
  };
  const all = chosen.length === JOB_TYPES.length;
  return (
    <details ref={menu} className="relative">
      <summary className={`${controlClass} cursor-pointer list-none select-none`} data-testid="types-menu">
        Types: {all ? "all" : chosen.length === 1 ? JOB_TYPE_INFO[chosen[0]!].label : `${chosen.length} chosen`}
      </summary>
      <fieldset className="absolute left-0 z-30 mt-1 w-56 space-y-1 rounded-md border border-line bg-surface p-2 shadow-lg">
        <legend className="sr-only">Job types to list</legend>
        {JOB_TYPES.map((type) => (
          <label key={type} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={chosen.includes(type)}
              // The last type cannot be unticked: a list of no type would be empty by construction.
              disabled={chosen.length === 1 && chosen[0] === type}
              onChange={(e) => toggle(type, e.target.checked)}
            />
            {JOB_TYPE_INFO[type].label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** One end of the creation range, as a day (the whole day included). */
function DayInput({
  end,
  view,
  onChange,
}: {
  end: "from" | "to";
  view: HistoryFilterView;
  onChange: (change: Change) => void;
}) {
  return (
    <label className="flex items-center gap-1">
      <span className="text-ink-muted">{end}</span>
      <input
        type="date"
        value={dayOf(view[end])}
        onChange={(e) => onChange({ [end]: e.target.value ? dayParam(e.target.value, end, view.tz) : null })}
        className={controlClass}
      />
    </label>
  );
}

function RateInput({ value, onCommit }: { value: string | null; onCommit: (rate: string | null) => void }) {
  const [draft, setDraft] = useState(value ?? "");
  const [shown, setShown] = useState(value);
  // A new URL (back button, another link) replaces what was being typed.
  if (shown !== value) {
    setShown(value);
    setDraft(value ?? "");
  }
  const commit = () => {
    const next = draft.trim() === "" ? null : draft.trim();
    if (next !== value) onCommit(next);
  };
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">Failure rate ≥</span>
      <input
        type="number"
        inputMode="decimal"
        min={1}
        max={100}
        step={1}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
        }}
        className={`${controlClass} w-16`}
        aria-describedby="rate-unit"
      />
      <span id="rate-unit" className="text-ink-muted">
        %
      </span>
    </label>
  );
}

/**
 * The filters only the job history answers: types (several at once), a creation window, failures,
 * a failure-rate floor and the order of the whole result. Each writes the URL and opens page one.
 * On a phone they fold behind one button that says how many are set, so the first job is on the
 * first screen; from the small breakpoint up they stay in the toolbar.
 */
export function HistoryFilters({
  view,
  active,
  onChange,
}: {
  view: HistoryFilterView;
  /** how many filters the list sets (history-filter's historyFilterCount of its query) */
  active: number;
  onChange: (change: Change) => void;
}) {
  const order = (view.order ?? "newest") as HistoryOrder;
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        className="sm:hidden"
        aria-expanded={open}
        aria-controls="history-filters"
        onClick={() => setOpen((shown) => !shown)}
        data-testid="history-filters-toggle"
      >
        {open ? "Hide filters" : "Filters"}
        {active > 0 ? ` · ${active} set` : ""}
      </Button>
      <div
        id="history-filters"
        role="group"
        aria-label="Job history filters"
        className={`${open ? "flex" : "max-sm:hidden"} flex-wrap items-center gap-3 sm:flex`}
      >
        <TypesMenu value={view.type} onChange={(type) => onChange({ type })} />
        <div role="group" aria-label="Created between" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-ink-muted">Created</span>
          <DayInput end="from" view={view} onChange={onChange} />
          <DayInput end="to" view={view} onChange={onChange} />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={view.failed === "1"}
            onChange={(e) => onChange({ failed: e.target.checked ? "1" : null })}
            className={focusRing}
          />
          Has failures
        </label>
        <RateInput value={view.rate} onCommit={(rate) => onChange({ rate })} />
        <label className="flex items-center gap-2 text-sm">
          <span className="text-ink-muted">Order</span>
          <Select
            value={order}
            onChange={(e) => onChange({ order: e.target.value === "newest" ? null : e.target.value })}
            data-testid="order-select"
          >
            {HISTORY_ORDERS.map((o) => (
              <option key={o} value={o}>
                {HISTORY_ORDER_LABELS[o]}
              </option>
            ))}
          </Select>
        </label>
      </div>
    </div>
  );
}
