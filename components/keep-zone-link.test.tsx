// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

let search = "";
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(search) }));

const { KeepZoneLink } = await import("./keep-zone-link");

afterEach(cleanup);

describe("KeepZoneLink", () => {
  it("keeps ?tz=utc of the current page, and only that", () => {
    search = "type=item-update&status=complete&tz=utc";
    render(<KeepZoneLink href="/runs">Sync runs</KeepZoneLink>);
    expect(screen.getByRole("link", { name: "Sync runs" }).getAttribute("href")).toBe("/runs?tz=utc");
  });

  it("links plainly in local time, or when tz is not a known zone", () => {
    for (const value of ["", "tz=local", "tz=mars"]) {
      search = value;
      render(<KeepZoneLink href="/jobs">Jobs</KeepZoneLink>);
      expect(screen.getByRole("link", { name: "Jobs" }).getAttribute("href")).toBe("/jobs");
      cleanup();
    }
  });
});
