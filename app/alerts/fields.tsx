import type { ComponentPropsWithRef, ReactNode } from "react";
import { focusRing } from "@/components/ui/focus-ring";

export const inputClass = `w-full rounded-md border border-line bg-surface px-2 py-1.5 text-sm ${focusRing}`;

/** A labelled control: the label names it for screen readers and for tests. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      {hint ? <span className="block text-xs text-ink-muted">{hint}</span> : null}
      <span className="mt-1 block">{children}</span>
    </label>
  );
}

export function Input(props: ComponentPropsWithRef<"input">) {
  return <input className={inputClass} {...props} />;
}
