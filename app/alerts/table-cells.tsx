import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

export const cell = "border-b border-line px-2 py-1.5 text-left align-top";
export const head = `${cell} font-medium text-ink-muted`;

/** Rows from ALERTS_FILE: shown here, changed in the file. */
export function FromFile() {
  return (
    <span className="ml-2 text-xs text-ink-muted" title="Change it in the file; it applies at the next start.">
      (from ALERTS_FILE)
    </span>
  );
}

/** Said where the Edit button would be, so keyboard and screen-reader users learn why there is none. */
export function ReadOnlyNote() {
  return <span className="block text-xs text-ink-muted">Read-only: change it in ALERTS_FILE.</span>;
}

/** The row's Edit button: it says which row, and whether its form is open. */
export function EditButton({
  label,
  open,
  onClick,
  ref,
  controls,
}: {
  label: string;
  open: boolean;
  onClick: () => void;
  ref: React.Ref<HTMLButtonElement>;
  controls: string;
}) {
  return (
    <Button
      size="xs"
      ref={ref}
      aria-label={label}
      aria-expanded={open}
      aria-controls={open ? controls : undefined}
      onClick={onClick}
    >
      Edit
    </Button>
  );
}

/** The row under a row that holds its edit form, across the whole table. */
export function EditRow({ id, columns, children }: { id: string; columns: number; children: ReactNode }) {
  return (
    <tr id={id}>
      <td className={cell} colSpan={columns}>
        {children}
      </td>
    </tr>
  );
}
