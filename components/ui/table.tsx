import type { ComponentPropsWithRef } from "react";
import { cx } from "./class-names";

/** The header row group of the dashboard's tables: muted band, small uppercase labels. */
export function TableHead({ className, ...props }: ComponentPropsWithRef<"thead">) {
  return (
    <thead
      className={cx("bg-surface-muted text-left text-xs tracking-wide text-ink-muted uppercase", className)}
      {...props}
    />
  );
}

/** A column header (`scope="col"` unless told); `numeric` aligns it right, over a column of numbers. */
export function TableHeaderCell({
  numeric = false,
  scope = "col",
  className,
  ...props
}: ComponentPropsWithRef<"th"> & { numeric?: boolean }) {
  return (
    <th
      scope={scope}
      className={cx(numeric ? "px-3 py-2 text-right font-medium" : "px-3 py-2 font-medium", className)}
      {...props}
    />
  );
}
