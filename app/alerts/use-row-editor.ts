"use client";

import { useEffect, useRef, useState } from "react";
import type { Editing, EditOutcome } from "./editing";
import { useNotice } from "./notice";

/**
 * A row's edit form: open or closed, and the focus given back to the row's Edit button when it
 * closes (saved or cancelled), so keyboard users carry on where they were. A row deleted meanwhile
 * says so in the page's notice instead: its button is about to go.
 */
export function useRowEditor<T>(value: T, goneMessage: string) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const notice = useNotice();
  useEffect(() => {
    if (!open && refocus.current) {
      refocus.current = false;
      button.current?.focus();
    }
  }, [open]);
  const close = (outcome: EditOutcome) => {
    if (outcome === "gone") notice(goneMessage);
    else refocus.current = true;
    setOpen(false);
  };
  const editing: Editing<T> | undefined = open ? { value, close } : undefined;
  return { open, button, editing, start: () => setOpen(true) };
}
