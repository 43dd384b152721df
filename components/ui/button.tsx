import type { ComponentPropsWithRef } from "react";
import { cx } from "./class-names";
import { focusRing } from "./focus-ring";

/**
 * The sizes the dashboard's bordered buttons use. "custom": the caller's className sets padding and
 * type, for the odd one out (kept as it was rather than nudged to the nearest size).
 */
export type ButtonSize = "md" | "sm" | "xs" | "custom";

const look = "rounded-md border border-line bg-surface hover:bg-surface-muted";

const sizes: Record<ButtonSize, string> = {
  md: "px-3 py-1.5 text-sm font-medium",
  // As tall as a Select, for buttons in a toolbar.
  sm: "px-2 py-1.5 text-sm",
  xs: "px-2 py-1 text-sm",
  custom: "",
};

/** The button look, for a Next <Link> or an <a> that must look like a button (it stays a link). */
export function buttonClass({ size = "sm", className }: { size?: ButtonSize; className?: string } = {}): string {
  return cx(look, sizes[size], focusRing, className);
}

/** A bordered button; `type="button"` unless told, so it never submits a form by accident. */
export function Button({
  size,
  className,
  type = "button",
  ...props
}: ComponentPropsWithRef<"button"> & { size?: ButtonSize }) {
  return <button type={type} className={buttonClass({ size, className })} {...props} />;
}
