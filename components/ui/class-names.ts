/** Joins whole class lists (each a full literal, so Tailwind still finds every class); skips empty ones. */
export function cx(...lists: (string | false | null | undefined)[]): string {
  return lists.filter(Boolean).join(" ");
}
