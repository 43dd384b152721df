// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ANNOUNCEMENT_MS, Announcer } from "./announcer";
import { CopyButton } from "./copy-button";

const writeText = vi.fn<(text: string) => Promise<void>>();

beforeEach(() => {
  vi.useFakeTimers();
  writeText.mockReset();
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name }));
  });
}

describe("CopyButton and the page's live region", () => {
  it("copies the value and announces it through the one region; rows of buttons add no region of their own", async () => {
    writeText.mockResolvedValue(undefined);
    render(
      <>
        {["A", "B", "C"].map((id) => (
          <CopyButton key={id} value={`job-${id}`} label={`Copy job id ${id}`} />
        ))}
        <Announcer />
      </>,
    );
    expect(screen.getAllByRole("status")).toHaveLength(1);
    const region = screen.getByTestId("announcer");
    expect(region.textContent).toBe("");

    await click("Copy job id B");
    expect(writeText).toHaveBeenCalledWith("job-B");
    expect(region.textContent).toBe("Copied");

    // A second copy must be spoken again, so the region's text changes although the words do not.
    await click("Copy job id C");
    expect(writeText).toHaveBeenLastCalledWith("job-C");
    expect(region.textContent).not.toBe("Copied");
    expect(region.textContent!.trim()).toBe("Copied");

    act(() => void vi.advanceTimersByTime(ANNOUNCEMENT_MS));
    expect(region.textContent).toBe("");
  });

  it("says so when the clipboard refuses", async () => {
    writeText.mockRejectedValue(new Error("denied"));
    render(
      <>
        <CopyButton value="x" label="Copy the job's JSON" />
        <Announcer />
      </>,
    );
    await click("Copy the job's JSON");
    expect(screen.getByTestId("announcer").textContent).toBe("Copy failed");
  });
});
