import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while React hydrates this component, true once it is live. A page behind
 * a Suspense boundary (app/runs/loading.tsx) hydrates after the layout, so the layout's
 * `html[data-hydrated]` does not say that its controls answer yet; this does.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
