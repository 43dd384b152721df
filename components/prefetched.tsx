import { dehydrate, HydrationBoundary, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";

/**
 * A server page's prefetch of what its view shows first. No retry: lib/klaviyo already retries what
 * is worth retrying, and retrying here too would only hold the page. A failed prefetch is not
 * dehydrated, so the browser asks again and explains the error with a retry.
 */
export function prefetchForPage<T>(client: QueryClient, queryKey: QueryKey, queryFn: () => Promise<T>): Promise<void> {
  return client.prefetchQuery({ queryKey, queryFn, retry: false });
}

/**
 * The client view with the prefetched data handed to it. Deliberately no Suspense boundary around
 * it: the pages are dynamic, so the rows ship in the first HTML flush; a boundary would send them
 * hidden, to be swapped in by script, which held the first row back.
 */
export function withPrefetched(client: QueryClient, view: ReactNode) {
  return <HydrationBoundary state={dehydrate(client)}>{view}</HydrationBoundary>;
}
