// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ProgressBar } from "./progress-bar";

afterEach(cleanup);

describe("ProgressBar", () => {
  const counts = { total: 200, completed: 150, failed: 10 };

  it("carries its numbers for screen readers, and builds the visible panel only on hover or focus", () => {
    render(<ProgressBar counts={counts} label="Progress of job X" />);
    const bar = screen.getByRole("progressbar", { name: "Progress of job X" });
    expect(bar.getAttribute("aria-valuenow")).toBe("160");
    expect(bar.getAttribute("aria-valuetext")).toBe(
      "160 of 200 processed: 150 completed (75%), 10 failed (5%), 40 remaining (20%)",
    );
    expect(screen.queryByTestId("progress-numbers")).toBeNull();

    fireEvent.mouseEnter(bar.parentElement!);
    expect(screen.getByTestId("progress-numbers").textContent).toBe(
      "Completed 150 · 75%Failed 10 · 5%Remaining 40 · 20%",
    );
    fireEvent.mouseLeave(bar.parentElement!);
    expect(screen.queryByTestId("progress-numbers")).toBeNull();

    fireEvent.focus(bar);
    expect(screen.queryByTestId("progress-numbers")).not.toBeNull();
    // Still shown while focused, even when the pointer passes over and leaves.
    fireEvent.mouseEnter(bar.parentElement!);
    fireEvent.mouseLeave(bar.parentElement!);
    expect(screen.queryByTestId("progress-numbers")).not.toBeNull();
    fireEvent.blur(bar);
    expect(screen.queryByTestId("progress-numbers")).toBeNull();
  });
});
