// @vitest-environment jsdom
import { act } from "@testing-library/react";
import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClockProvider } from "./clock";
import { ExactTime, RelativeTime } from "./relative-time";

const SERVER_NOW = Date.parse("2026-11-29T12:00:00Z");
const AT = "2026-11-29T11:57:00Z";

function Page() {
  return (
    <ClockProvider serverNow={SERVER_NOW}>
      <p data-testid="exact">
        <ExactTime iso={AT} />
      </p>
      <p data-testid="relative">
        <RelativeTime iso={AT} stepMs={1000} />
      </p>
    </ClockProvider>
  );
}

let root: Root | null = null;
const zone = process.env.TZ;

beforeEach(() => {
  // A browser far from UTC, and a clock an hour past the server's render.
  process.env.TZ = "America/New_York";
  vi.useFakeTimers({
    now: SERVER_NOW + 3_600_000,
    toFake: ["Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval"],
  });
});
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  vi.useRealTimers();
  process.env.TZ = zone;
});

describe("ClockProvider", () => {
  it("hydrates the server's time and zone without a mismatch, then switches to the browser's in a task after hydration", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Page />);
    const text = (id: string) => container.querySelector(`[data-testid=${id}]`)!.textContent;
    expect(text("exact")).toBe("2026-11-29 11:57:00 UTC");
    expect(text("relative")).toBe("3 min. ago");

    const recoverable = vi.fn();
    await act(async () => {
      root = hydrateRoot(container, <Page />, { onRecoverableError: recoverable });
    });
    // Hydrated as rendered: nothing for React to throw away.
    expect(recoverable).not.toHaveBeenCalled();
    expect(text("exact")).toBe("2026-11-29 11:57:00 UTC");

    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(text("exact")).toBe("2026-11-29 06:57:00 EST");
    expect(text("relative")).toBe("1 hr. ago");
  });
});
