"use client";

import { useEffect, useRef } from "react";

/** A field that takes the focus when its edit form opens (only then: later renders leave the focus be). */
export function useFocusOnOpen(when: boolean) {
  const field = useRef<HTMLInputElement>(null);
  const atOpen = useRef(when);
  useEffect(() => {
    if (atOpen.current) field.current?.focus();
  }, []);
  return field;
}
