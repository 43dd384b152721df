// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useRefreshing } from "./use-refreshing";

/*
 * Server-rendered data that went stale before the browser hydrated it: the hydrating render must
 * match the server's markup, and "refreshing…" shows once hydration is over.
 */

const KEY = ["stale-at-hydration"];

type Source = "useRefreshing" | "isFetching";

function View({ source }: { source: Source }) {
  const query = useQuery({ queryKey: KEY, queryFn: () => new Promise<string>(() => {}), staleTime: 5_000 });
  const hooked = useRefreshing(query);
  const refreshing = source === "useRefreshing" ? hooked : query.isFetching && !query.isPending;
  return (
    <p>
      {query.data}
      {refreshing ? " · refreshing…" : ""}
    </p>
  );
}

function clientWith(updatedAt: number): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(KEY, "rows", { updatedAt });
  return client;
}

async function hydrateStale(source: Source) {
  const tree = (client: QueryClient) => (
    <QueryClientProvider client={client}>
      <View source={source} />
    </QueryClientProvider>
  );
  const container = document.createElement("div");
  container.innerHTML = renderToString(tree(clientWith(Date.now())));
  const errors: unknown[] = [];
  const browser = clientWith(Date.now() - 60_000);
  await act(async () => {
    hydrateRoot(container, tree(browser), { onRecoverableError: (error) => errors.push(error) });
  });
  browser.clear();
  return { errors, text: container.textContent };
}

describe("useRefreshing", () => {
  it("matches the server's markup while hydrating stale data, then says it refreshes", async () => {
    const { errors, text } = await hydrateStale("useRefreshing");
    expect(errors).toEqual([]);
    expect(text).toBe("rows · refreshing…");
  });

  it("is needed: isFetching alone makes the hydrating render disagree with the server", async () => {
    const { errors } = await hydrateStale("isFetching");
    expect(errors.length).toBeGreaterThan(0);
  });
});
