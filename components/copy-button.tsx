"use client";

import { useState } from "react";
import { announce } from "./announcer";
import { focusRing } from "./ui/focus-ring";

/** Copies `value`; shows a tick, and announces the outcome through the page's one live region. */
export function CopyButton({ value, label, className = "" }: { value: string; label: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
      announce("Copied");
    } catch {
      setState("failed");
      announce("Copy failed");
    }
    setTimeout(() => setState("idle"), 1500);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={label}
      className={`inline-flex h-6 w-6 shrink-0 items-center justify-center rounded text-ink-muted hover:bg-surface-muted hover:text-ink ${focusRing} ${className}`}
    >
      {state === "copied" ? (
        <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-none stroke-current stroke-2">
          <path d="M3 8.5l3 3 7-7" />
        </svg>
      ) : (
        <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5 fill-none stroke-current stroke-[1.5]">
          {/* Two sheets: the front one (a rounded 8 × 9 rectangle) and the edge of the one behind. */}
          <path d="M6.5 5h5A1.5 1.5 0 0 1 13 6.5v6a1.5 1.5 0 0 1-1.5 1.5h-5A1.5 1.5 0 0 1 5 12.5v-6A1.5 1.5 0 0 1 6.5 5ZM3 11V3.5A1.5 1.5 0 0 1 4.5 2H10" />
        </svg>
      )}
    </button>
  );
}
