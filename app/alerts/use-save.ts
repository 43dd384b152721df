"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Editing } from "./editing";
import { sendJson } from "./send-json";

/**
 * Sends a form's body and refreshes the page's lists on success. The server's refusal (its zod
 * reasons) stays next to the form, which keeps what was typed; an edited row that is gone (404)
 * closes the form and the list is refreshed without it.
 */
export function useSave<T>(editing: Editing<T> | undefined) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = (method: "POST" | "PUT", url: string, body: unknown, onSaved?: () => void) =>
    startTransition(async () => {
      const problem = await sendJson(method, url, body);
      if (problem?.code === "not_found" && editing) {
        editing.close("gone");
        router.refresh();
        return;
      }
      setError(problem?.message ?? null);
      if (problem) return;
      onSaved?.();
      editing?.close("saved");
      router.refresh();
    });
  return { error, pending, save };
}
