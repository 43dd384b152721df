import { dehydrate, HydrationBoundary, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";

/**
 * How long a page's first HTML waits for Klaviyo. When Klaviyo answers in time (as it usually does,
 * in well under a second) the rows ship in the first HTML flush; past this the page is sent without
 * them, its frame shows at once, and the browser's own read says what it is waiting for. That read
 * joins the one still in flight on the server (lib/klaviyo's single flight): Klaviyo is asked once.
 */
export const PREFETCH_DEADLINE_MS = 1_500;

/**
 * A server page's prefetch of what its view shows first, for `deadlineMs` at most. No retry:
 * lib/klaviyo already retries what is worth retrying, and retrying here too would only hold the page.
 * A failed or unfinished prefetch is not dehydrated, so the browser asks again and explains the
 * trouble (slow, failing or rate-limited) in words.
 */
export async function prefetchForPage<T>(
  client: QueryClient,
  queryKey: QueryKey,
  queryFn: () => Promise<T>,
  deadlineMs = PREFETCH_DEADLINE_MS,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deadlineMs);
  });
  await Promise.race([client.prefetchQuery({ queryKey, queryFn, retry: false }), deadline]);
  clearTimeout(timer);
}

/**
 * The client view with the prefetched data handed to it. Deliberately no Suspense boundary around
 * it: the pages are dynamic, so the rows ship in the first HTML flush; a boundary would send them
 * hidden, to be swapped in by script, which held the first row back.
 */
export function withPrefetched(client: QueryClient, view: ReactNode) {
  return <HydrationBoundary state={dehydrate(client)}>{view}</HydrationBoundary>;
}
