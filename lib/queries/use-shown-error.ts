import { useState } from "react";

/**
 * The error a view shows. React Query forgets a query's error the moment it asks again while it has
 * no data (its status goes back to pending), so a page that keeps trying blinked between its error
 * and a skeleton, and its Retry button never got to say "Retrying…". This keeps the query's last
 * error on screen until data arrives or the view shows another query.
 */
export function useShownError(queryKey: readonly unknown[], result: { error: unknown; data: unknown }): unknown {
  const key = JSON.stringify(queryKey);
  const [last, setLast] = useState<{ key: string; error: unknown } | null>(null);
  // Derived from earlier renders, so adjusted during render: no frame shows the skeleton in between.
  if (result.error && (last?.key !== key || last.error !== result.error)) setLast({ key, error: result.error });
  if (result.error) return result.error;
  return result.data === undefined && last?.key === key ? last.error : null;
}
