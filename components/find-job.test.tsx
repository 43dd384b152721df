// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FindJob } from "./find-job";

/*
 * The find box with JavaScript, pinned for good and bad ids: a bad one is refused in the box without
 * a request; a good one (trimmed) is looked up type by type through the API and opened.
 */

const router = vi.hoisted(() => ({ push: vi.fn(), search: "" }));
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  useSearchParams: () => new URLSearchParams(router.search),
}));

/** The API's answer per requested URL: 200 for `found`, 404 for the rest. */
let found: string | null = null;
const fetchMock = vi.fn(async (url: string) =>
  url === found
    ? Response.json({ job: {} })
    : Response.json({ error: { code: "not_found", message: "no such job" } }, { status: 404 }),
);

beforeEach(() => {
  found = null;
  router.search = "";
  router.push.mockClear();
  fetchMock.mockClear();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const INVALID = "Paste a job id (letters, digits, - or _, e.g. 01JD3F…) or a link to a job.";

function submit(value: string) {
  render(<FindJob preferredType="item-update" />);
  fireEvent.change(screen.getByLabelText("Find a job by id"), { target: { value } });
  fireEvent.submit(screen.getByRole("search"));
}

describe("FindJob: route parsing", () => {
  it.each([
    ["a good id", "01ABC", "01ABC"],
    ["an id with whitespace around it", " 01ABC\t", "01ABC"],
    ["an id of exactly 64 characters", "a".repeat(64), "a".repeat(64)],
    ["an id that looks like a type", "Item-Create", "Item-Create"],
  ])("looks up and opens %s", async (_, typed, id) => {
    found = `/api/jobs/item-update/${id}`;
    submit(typed);
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/jobs/item-update/${id}`));
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([`/api/jobs/item-update/${id}`]);
  });

  it("tries the other types after the preferred one", async () => {
    found = "/api/jobs/variant-create/01ABC";
    submit("01ABC");
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/jobs/variant-create/01ABC"));
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      "/api/jobs/item-update/01ABC",
      "/api/jobs/item-create/01ABC",
      "/api/jobs/item-delete/01ABC",
      "/api/jobs/variant-create/01ABC",
    ]);
  });

  it.each([
    ["an id with a bad character", "abc$"],
    ["an id of 65 characters", "a".repeat(65)],
    ["an empty id", ""],
    ["a blank id", "   "],
    ["a percent-encoded id", "abc%24"],
    ["a percent-encoded letter", "%41BC"],
    ["an id with whitespace inside", "ab c"],
  ])("refuses %s without a request", (_, typed) => {
    submit(typed);
    expect(screen.getByRole("status").textContent).toBe(INVALID);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(router.push).not.toHaveBeenCalled();
  });
});

describe("FindJob: pasted links", () => {
  it("takes the id and type of a dashboard job link, keeping its view", async () => {
    router.search = "tz=utc";
    found = "/api/jobs/item-delete/01ABC";
    submit("http://dash.example/jobs/item-delete/01ABC?tab=errors&code=not_found&field=-");
    await waitFor(() =>
      expect(router.push).toHaveBeenCalledWith("/jobs/item-delete/01ABC?tab=errors&code=not_found&field=-&tz=utc"),
    );
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(["/api/jobs/item-delete/01ABC"]);
  });

  it("takes the id and type of a Klaviyo API link, in the zone of the page", async () => {
    router.search = "tz=utc";
    found = "/api/jobs/category-update/01ABC";
    submit("https://a.klaviyo.com/api/catalog-category-bulk-update-jobs/01ABC/");
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/jobs/category-update/01ABC?tz=utc"));
  });

  it("still looks under the other types when the link names the wrong one", async () => {
    found = "/api/jobs/item-update/01ABC";
    submit("/jobs/variant-create/01ABC");
    await waitFor(() => expect(router.push).toHaveBeenCalledWith("/jobs/item-update/01ABC"));
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/jobs/variant-create/01ABC");
  });

  it("refuses a link that names no job", () => {
    submit("https://dash.example/jobs?type=item-delete");
    expect(screen.getByRole("status").textContent).toBe(INVALID);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
