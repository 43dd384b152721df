"use client";

import { useEffect, useRef, useState } from "react";

export interface Shortcut {
  key: string;
  description: string;
  run: () => void;
}

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Single-key shortcuts (ignored while typing in a field), plus `?` for a help dialog listing them. */
export function KeyboardShortcuts({ shortcuts }: { shortcuts: Shortcut[] }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || typingInField(event.target)) return;
      if (event.key === "?") {
        event.preventDefault();
        setOpen(true);
        return;
      }
      const shortcut = latest.current.find((s) => s.key === event.key);
      if (shortcut) {
        event.preventDefault();
        shortcut.run();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-line px-2 py-1 text-xs text-ink-muted hover:text-ink"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
      >
        ?
      </button>
      <dialog
        ref={dialog}
        onClose={() => setOpen(false)}
        aria-labelledby="shortcuts-title"
        className="m-auto rounded-lg border border-line bg-surface p-5 text-ink shadow-xl backdrop:bg-black/40"
      >
        <h2 id="shortcuts-title" className="mb-3 font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {[...shortcuts, { key: "?", description: "Show this help" }].map((s) => (
            <div key={s.key} className="contents">
              <dt>
                <kbd className="rounded border border-line bg-surface-muted px-1.5 font-mono text-xs">{s.key}</kbd>
              </dt>
              <dd>{s.description}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" className="mt-4 text-right">
          <button className="rounded-md border border-line px-3 py-1 text-sm hover:bg-surface-muted">Close</button>
        </form>
      </dialog>
    </>
  );
}
