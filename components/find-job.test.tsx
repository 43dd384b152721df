// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FindJob } from "./find-job";

/*
 * The find box with JavaScript, pinned for good and bad ids: a bad one is refused in the box without
 * a request; a good one (trimmed) is looked up type by type through the API and opened.
 */

/** A job list of item update jobs, where the box prefers that type. */
const router = vi.hoisted(() => ({ push: vi.fn(), search: "", pathname: "/jobs" }));
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => router.pathname,
  useSearchParams: () => new URLSearchParams(`type=item-update&${router.search}`),
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

const ULID = "01JD3FABCDEFGHJKMNPQRSTVWX";

function submit(value: string) {
  render(<FindJob />);
  fireEvent.change(screen.getByLabelText("Find a job by id or link, a SKU, or error words"), { target: { value } });
  fireEvent.submit(screen.getByRole("search"));
}

describe("FindJob: route parsing", () => {
  it.each([
    ["a Klaviyo job id", ULID, ULID],
    ["an id with whitespace around it", ` ${ULID}\t`, ULID],
  ])("looks up and opens %s", async (_, typed, id) => {
    found = `/api/jobs/item-update/${id}`;
    submit(typed);
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/jobs/item-update/${id}`));
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([`/api/jobs/item-update/${id}`]);
  });

  it("tries the other types after the preferred one", async () => {
    found = `/api/jobs/variant-create/${ULID}`;
    submit(ULID);
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/jobs/variant-create/${ULID}`));
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      `/api/jobs/item-update/${ULID}`,
      `/api/jobs/item-create/${ULID}`,
      `/api/jobs/item-delete/${ULID}`,
      `/api/jobs/variant-create/${ULID}`,
    ]);
  });

  it("prefers a job page's own type", async () => {
    router.pathname = "/jobs/category-update/01OTHER";
    found = `/api/jobs/category-update/${ULID}`;
    submit(ULID);
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/jobs/category-update/${ULID}`));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    router.pathname = "/jobs";
  });

  it.each([
    ["a SKU", "SKU-12", "/search?q=SKU-12"],
    ["an id-like text that is no Klaviyo job id", "01ABC", "/search?q=01ABC"],
    ["a text with a bad character for an id", "abc$", "/search?q=abc%24"],
    ["words, trimmed", "  got 12,99 ", "/search?q=got+12%2C99"],
  ])("opens the search for %s, without asking Klaviyo", (_, typed, href) => {
    submit(typed);
    expect(router.push).toHaveBeenCalledWith(href);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("keeps the page's zone in the search it opens", () => {
    router.search = "tz=utc";
    submit("SKU-12");
    expect(router.push).toHaveBeenCalledWith("/search?q=SKU-12&tz=utc");
  });

  it.each([
    ["an empty text", "", /type something to search for/],
    ["a blank text", "   ", /type something to search for/],
    ["201 characters", "a".repeat(201), /at most 200 characters/],
    ["a control character", "SKU\u0007", /control characters/],
  ])("refuses %s without a request", (_, typed, message) => {
    submit(typed);
    expect(screen.getByRole("status").textContent).toMatch(message);
    expect(screen.getByRole("status").textContent).toContain("Type a job id or link, a SKU");
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

  it("searches for a link that names no job", () => {
    submit("https://dash.example/jobs?type=item-delete");
    expect(router.push).toHaveBeenCalledWith(
      `/search?q=${encodeURIComponent("https://dash.example/jobs?type=item-delete")}`,
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
