import type { ComponentPropsWithRef } from "react";
import { cx } from "./class-names";
import { focusRing } from "./focus-ring";

/** The toolbar control look: selects, and an <input> or <summary> that sits among them. */
export const controlClass = cx("rounded-md border border-line bg-surface px-2 py-1.5 text-sm", focusRing);

/** A native <select> in the toolbar look; every prop goes through. */
export function Select({ className, ...props }: ComponentPropsWithRef<"select">) {
  return <select className={cx(controlClass, className)} {...props} />;
}
