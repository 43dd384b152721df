// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "./status-badge";

describe("StatusBadge", () => {
  it("tells a finished job with failed operations from a clean one", () => {
    const { container } = render(
      <>
        <StatusBadge status="complete" failed={98} />
        <StatusBadge status="complete" failed={0} />
        <StatusBadge status="processing" failed={3} />
      </>,
    );
    const [withFailures, clean, running] = Array.from(container.children) as HTMLElement[];
    expect(withFailures).toHaveProperty("textContent", "complete with failures");
    expect(withFailures?.dataset.failures).toBe("98");
    expect(withFailures?.className).toContain("text-warn");
    expect(clean?.textContent).toBe("complete");
    expect(clean?.className).toContain("text-status-complete");
    // Still running: its failures so far are in its counts, not in its status.
    expect(running?.textContent).toBe("processing");
    expect(screen.getAllByText("complete")).toHaveLength(2);
  });
});
