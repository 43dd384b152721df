"use client";

import { type KeyboardEvent, type ReactNode, useRef } from "react";
import { focusRing } from "@/components/ui/focus-ring";
import type { DetailTab } from "@/lib/jobs/detail-params";

export interface TabSpec {
  id: DetailTab;
  label: string;
  /** shown after the label, e.g. a count */
  badge?: string;
}

const tabId = (id: DetailTab) => `job-tab-${id}`;
const panelId = (id: DetailTab) => `job-panel-${id}`;

/**
 * WAI-ARIA tabs (automatic activation): arrows, Home and End move between tabs and open them. Only
 * the open panel renders content; the others stay in the DOM empty and hidden so every tab's
 * aria-controls names an element.
 */
export function DetailTabs({
  tabs,
  active,
  onChange,
  label,
  children,
}: {
  tabs: readonly TabSpec[];
  active: DetailTab;
  onChange: (tab: DetailTab) => void;
  label: string;
  children: (tab: DetailTab) => ReactNode;
}) {
  const buttons = useRef(new Map<DetailTab, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((t) => t.id === active);
    const last = tabs.length - 1;
    const next =
      event.key === "ArrowRight"
        ? index >= last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index <= 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onChange(tab.id);
    buttons.current.get(tab.id)?.focus();
  }

  return (
    <div>
      <div
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex gap-1 overflow-x-auto border-b border-line"
      >
        {tabs.map((tab) => {
          const selected = tab.id === active;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) buttons.current.set(tab.id, el);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={selected}
              aria-controls={panelId(tab.id)}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(tab.id)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${focusRing} focus-visible:-outline-offset-2 ${
                selected ? "border-accent font-semibold text-ink" : "border-transparent text-ink-muted hover:text-ink"
              }`}
            >
              {tab.label}
              {tab.badge !== undefined ? (
                <span className="ml-1.5 rounded-full bg-surface-muted px-1.5 py-0.5 text-xs tabular-nums">
                  {tab.badge}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={panelId(tab.id)}
          aria-labelledby={tabId(tab.id)}
          hidden={tab.id !== active}
          tabIndex={0}
          className={`pt-4 ${focusRing}`}
        >
          {tab.id === active ? children(tab.id) : null}
        </div>
      ))}
    </div>
  );
}
