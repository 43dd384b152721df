// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { useShownError } from "./use-shown-error";

/* A query with no data that fails, then asks again: its error stays shown until data arrives. */

function setup(answers: Array<Error | string>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  let release: (() => void) | undefined;
  const queryFn = async () => {
    const answer = answers.shift()!;
    // Each answer waits for the test, so the "asking again" moment can be looked at.
    await new Promise<void>((resolve) => (release = resolve));
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const hook = renderHook(
    ({ id }: { id: string }) => {
      const result = useQuery({ queryKey: ["shown-error", id], queryFn });
      return { result, shown: useShownError(["shown-error", id], result) };
    },
    { wrapper, initialProps: { id: "a" } },
  );
  return { hook, answer: () => act(() => release?.()) };
}

describe("useShownError", () => {
  it("keeps the last error while a query without data asks again, and drops it once data arrives", async () => {
    const failure = new Error("down");
    const { hook, answer } = setup([failure, new Error("still down"), "rows"]);
    await answer();
    await waitFor(() => expect(hook.result.current.shown).toBe(failure));

    void hook.result.current.result.refetch();
    // React Query itself forgets the error (back to pending); the view still shows it.
    await waitFor(() => expect(hook.result.current.result.isPending).toBe(true));
    expect(hook.result.current.result.error).toBeNull();
    expect(hook.result.current.shown).toBe(failure);
    await answer();
    await waitFor(() => expect((hook.result.current.shown as Error).message).toBe("still down"));

    void hook.result.current.result.refetch();
    await waitFor(() => expect(hook.result.current.result.isFetching).toBe(true));
    await answer();
    await waitFor(() => expect(hook.result.current.result.data).toBe("rows"));
    expect(hook.result.current.shown).toBeNull();
  });

  it("does not carry one query's error over to another", async () => {
    const { hook, answer } = setup([new Error("down"), "rows"]);
    await answer();
    await waitFor(() => expect(hook.result.current.shown).toBeInstanceOf(Error));
    hook.rerender({ id: "b" });
    expect(hook.result.current.shown).toBeNull();
    await answer();
  });
});
