"use client";

import { Button } from "./ui/button";

/** The toolbars' "Refresh": fetch the view's data now, whatever the auto-refresh setting. */
export function RefreshButton({ onRefresh }: { onRefresh: () => void }) {
  return (
    <Button size="sm" onClick={onRefresh}>
      Refresh
    </Button>
  );
}
