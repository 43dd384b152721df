import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * "Refreshing…" for a view that already shows data. Not read from `isFetching` alone: when a view
 * hydrates server-rendered data that went stale meanwhile (a slow device, a busy tab), React Query
 * reports the refetch it is about to start already in the hydrating render, the markup no longer
 * matches the server's, and React throws the whole boundary away to render it again on the client.
 * So it is false until hydration is over (the server snapshot), then follows the query.
 */
export function useRefreshing(query: { isFetching: boolean; isPending: boolean }): boolean {
  const hydrated = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  return hydrated && query.isFetching && !query.isPending;
}
