import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while React hydrates this component, true once it is live. React may
 * hydrate a page's controls after the layout's, so the layout's `html[data-hydrated]` does not say
 * that they answer yet; this does.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
