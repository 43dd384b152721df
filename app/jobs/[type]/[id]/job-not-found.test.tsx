// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import type { ComponentProps } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JobNotFound } from "./job-not-found";

/*
 * The not-found view reads the route's params itself: it names the type and the id only when each
 * could be one, and leads back to that type's list (or to the list when the type is not one).
 */

const route = vi.hoisted(() => ({ params: {} as { type?: string; id?: string }, search: "" }));
vi.mock("next/navigation", () => ({
  useParams: () => route.params,
  useSearchParams: () => new URLSearchParams(route.search),
}));

afterEach(cleanup);
beforeEach(() => {
  route.search = "";
});

function shown(
  type: string | undefined,
  id: string | undefined,
  lookup?: ComponentProps<typeof JobNotFound>["lookup"],
) {
  route.params = { ...(type === undefined ? {} : { type }), ...(id === undefined ? {} : { id }) };
  render(<JobNotFound lookup={lookup} />);
  const text = screen.getByRole("heading", { name: "Job not found" }).nextElementSibling!.textContent;
  const back = screen.getByRole("link", { name: /Back to/ });
  return { text, href: back.getAttribute("href"), label: back.textContent };
}

describe("JobNotFound: route parsing", () => {
  it.each([
    [
      "a good type and id",
      "item-update",
      "01ABC",
      "Klaviyo has no item update job with the id 01ABC.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    [
      "an unknown type",
      "item-explode",
      "01ABC",
      "Klaviyo has no catalog bulk job with the id 01ABC.",
      "/jobs",
      "← Back to all jobs",
    ],
    [
      "a type in another case",
      "Item-Update",
      "01ABC",
      "Klaviyo has no catalog bulk job with the id 01ABC.",
      "/jobs",
      "← Back to all jobs",
    ],
    [
      "a type with trailing whitespace",
      "item-update ",
      "01ABC",
      "Klaviyo has no catalog bulk job with the id 01ABC.",
      "/jobs",
      "← Back to all jobs",
    ],
    [
      "an id with a bad character",
      "item-update",
      "abc$",
      "Klaviyo has no item update job.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    [
      "an id of 65 characters",
      "item-update",
      "a".repeat(65),
      "Klaviyo has no item update job.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    [
      "an empty id",
      "item-update",
      "",
      "Klaviyo has no item update job.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    [
      "a still percent-encoded id",
      "item-update",
      "abc%24",
      "Klaviyo has no item update job.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    [
      "an id with trailing whitespace",
      "item-update",
      "abc ",
      "Klaviyo has no item update job.",
      "/jobs?type=item-update",
      "← Back to item update jobs",
    ],
    ["no params", undefined, undefined, "Klaviyo has no catalog bulk job.", "/jobs", "← Back to all jobs"],
  ])("for %s", (_, type, id, text, href, label) => {
    expect(shown(type, id)).toEqual({ text, href, label });
  });

  it("shows an id of exactly 64 characters", () => {
    expect(shown("item-update", "a".repeat(64)).text).toBe(
      `Klaviyo has no item update job with the id ${"a".repeat(64)}.`,
    );
  });

  // The link is written by serializeJobListParams, which leaves out the default type (the list shows
  // item-create without it). It was spelled `/jobs?type=item-create` by hand before.
  it("leaves the default type out of the list link", () => {
    expect(shown("item-create", "01ABC")).toEqual({
      text: "Klaviyo has no item create job with the id 01ABC.",
      href: "/jobs",
      label: "← Back to item create jobs",
    });
  });
});

describe("JobNotFound: where it looked", () => {
  const lookup = () => screen.getByTestId("job-lookup");

  it("says no type has the id once every type was asked", () => {
    shown("item-update", "01ABC", { kind: "missing" });
    expect(lookup().getAttribute("data-lookup")).toBe("missing");
    expect(lookup().textContent).toMatch(/none of the nine job types has a job with this id/);
  });

  it("says when the search could not finish, and why, with a way to look again", () => {
    route.search = "tab=errors&tz=utc";
    shown("item-update", "01ABC", {
      kind: "incomplete",
      code: "rate_limited",
      checked: ["item-create", "item-delete"],
    });
    expect(screen.getByRole("alert").textContent).toMatch(
      /could not finish: Klaviyo asked the dashboard to slow down \(2 of 8/,
    );
    expect(screen.getByRole("link", { name: "Look again" }).getAttribute("href")).toBe(
      "/jobs/item-update/01ABC?tab=errors&tz=utc",
    );
  });

  it("offers to look when nobody has, and claims nothing for a malformed link", () => {
    shown("item-update", "01ABC");
    expect(lookup().getAttribute("data-lookup")).toBe("not-searched");
    cleanup();
    shown("item-explode", "01ABC", { kind: "missing" });
    expect(screen.queryByTestId("job-lookup")).toBeNull();
  });

  it("leads back to the list the job was opened from, in the page's zone", () => {
    route.search = `tz=utc&back=${encodeURIComponent("type=item-update&status=complete")}`;
    expect(shown("item-update", "01ABC", { kind: "missing" }).href).toBe(
      "/jobs?type=item-update&status=complete&tz=utc",
    );
  });
});
