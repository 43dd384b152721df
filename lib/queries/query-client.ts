import { isServer, QueryClient } from "@tanstack/react-query";

/** How long fetched data counts as fresh, unless a query knows better (a finished run or job never changes). */
export const STALE_MS = 5_000;

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server-prefetched data is fresh on arrival; polling is set per query.
        staleTime: STALE_MS,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => {
          const code = (error as { code?: string }).code;
          // Bad input, unknown jobs and an ended session will not improve by asking again (a sign-in
          // to confirm reloads the page). A rate limit names its own wait: shown at once, with a
          // countdown, and asked again by the view no sooner.
          if (
            code === "bad_request" ||
            code === "not_found" ||
            code === "unauthorized" ||
            code === "reauthenticate" ||
            code === "rate_limited"
          )
            return false;
          return failureCount < 2;
        },
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** One client per request on the server, one for the page's lifetime in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
