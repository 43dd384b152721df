// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { NuqsTestingAdapter, type UrlUpdateEvent } from "nuqs/adapters/testing";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ClockProvider } from "@/components/clock";
import { ApiError } from "@/lib/http/errors";
import type { JobType } from "@/lib/job-types";
import { errorRefsOf, groupErrors } from "@/lib/jobs/error-groups";
import { getJob, listJobs } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import type { JobDetail } from "@/lib/types";
import { JobDetailView, pollInterval } from "./job-detail";

/*
 * The client view rendered from jobs of the built-in simulator (its catalog carries hostile values on
 * purpose), with the URL driven by nuqs's testing adapter.
 */

vi.stubEnv("KLAVIYO_API_KEY", "");

async function findDetail(type: JobType, accept: (d: JobDetail) => boolean): Promise<JobDetail> {
  for (const job of (await listJobs({ type, status: "complete" })).jobs.filter((j) => j.errors.length > 0)) {
    const detail = await getJob({ type, id: job.id });
    if (accept(detail)) return detail;
  }
  throw new Error(`no ${type} job fits`);
}

let withGroups: JobDetail;
let hostile: JobDetail;
beforeAll(async () => {
  // A group of two or more to open, and another one to pick (the simulator runs on the real clock,
  // so which jobs exist depends on the time: some have a single group).
  withGroups = await findDetail("item-create", (d) => {
    const groups = groupErrors(errorRefsOf(d.job), d.job.failedCount);
    return groups.length >= 2 && groups.some((g) => g.count >= 2);
  });
  hostile = await findDetail(
    "item-create",
    (d) =>
      d.included.some((r) => (r.title ?? "").includes("<img")) &&
      d.included.some((r) => (r.url ?? "").startsWith("javascript:")),
  ).catch(() =>
    findDetail("item-create", (d) =>
      d.included.some((r) => (r.title ?? "").includes("<") || (r.url ?? "").startsWith("javascript:")),
    ),
  );
}, 60_000);

afterEach(cleanup);
// jsdom lays nothing out: scrolling is only recorded.
const scrolled = vi.fn();
beforeAll(() => {
  Element.prototype.scrollIntoView = scrolled;
});

function renderView(detail: JobDetail, search = "") {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  client.setQueryData(jobKeys.detail(detail.job.type, detail.job.id), detail);
  const updates: URLSearchParams[] = [];
  const onUrlUpdate = (event: UrlUpdateEvent) => updates.push(event.searchParams);
  render(
    <QueryClientProvider client={client}>
      <NuqsTestingAdapter searchParams={search} onUrlUpdate={onUrlUpdate} hasMemory>
        <ClockProvider serverNow={Date.now()}>
          <JobDetailView type={detail.job.type} id={detail.job.id} />
        </ClockProvider>
      </NuqsTestingAdapter>
    </QueryClientProvider>,
  );
  return { updates, last: () => updates.at(-1) };
}

describe("JobDetailView", () => {
  it("opens the errors tab on a failed job, with every error and the groups largest first", () => {
    renderView(withGroups);
    expect(screen.getByRole("tab", { name: /Errors/ }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getAllByTestId("error-row")).toHaveLength(withGroups.job.errors.length);
    const groups = groupErrors(errorRefsOf(withGroups.job), withGroups.job.failedCount);
    expect(screen.getAllByTestId("error-group").map((li) => li.getAttribute("data-code"))).toEqual(
      groups.map((g) => g.code),
    );
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe(
      String(withGroups.job.completedCount + withGroups.job.failedCount),
    );
  });

  it("copies a group link that keeps the time zone the page is shown in", async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderView(withGroups, "?tab=errors&tz=utc");
    const item = screen.getAllByTestId("error-group")[0]!;
    fireEvent.click(within(item).getByRole("button", { name: /Copy link to this group/ }));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    const copied = new URL(String((writeText.mock.calls[0] as unknown[])[0]));
    expect(copied.searchParams.get("tz")).toBe("utc");
    expect(copied.searchParams.get("code")).toBe(item.getAttribute("data-code"));
  });

  it("opens the group a deep link names, and puts a picked group in the URL", async () => {
    const groups = groupErrors(errorRefsOf(withGroups.job), withGroups.job.failedCount);
    const group = groups.find((g) => g.count >= 2)!;
    const { last } = renderView(withGroups, `?tab=errors&code=${group.code}&field=${group.field}`);
    expect(screen.getAllByTestId("error-row")).toHaveLength(group.count);
    const item = screen.getAllByTestId("error-group").find((li) => li.getAttribute("data-selected") === "true")!;
    expect(item.getAttribute("data-field")).toBe(group.field);
    expect(within(item).getByRole("button", { name: /Copy link to this group/ })).toBeTruthy();
    // The group's errors are brought into view, with focus on their heading.
    const heading = document.getElementById("error-list-heading");
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(scrolled.mock.contexts.at(-1)).toBe(heading?.closest("section"));

    scrolled.mockClear();
    fireEvent.click(screen.getAllByRole("button", { name: "Show all errors" })[0]!);
    await waitFor(() => expect(last()?.get("code")).toBeNull());
    expect(screen.getAllByTestId("error-row")).toHaveLength(withGroups.job.errors.length);

    const other = groups.find((g) => g.key !== group.key)!;
    const otherItem = screen
      .getAllByTestId("error-group")
      .find(
        (li) => li.getAttribute("data-field") === (other.field ?? "") && li.getAttribute("data-code") === other.code,
      )!;
    fireEvent.click(within(otherItem).getAllByRole("button")[0]!);
    await waitFor(() => expect(last()?.get("code")).toBe(other.code));
    await waitFor(() => expect(last()?.get("field")).toBe(other.field ?? "-"));
    await waitFor(() => expect(scrolled).toHaveBeenCalledTimes(1));
    expect(document.activeElement).toBe(document.getElementById("error-list-heading"));
  });

  it("drops the error group and filter from the URL when another tab opens", async () => {
    const group = groupErrors(errorRefsOf(withGroups.job), withGroups.job.failedCount)[0]!;
    const { last } = renderView(withGroups, `?tab=errors&code=${group.code}&field=${group.field ?? "-"}&q=x&tz=utc`);
    fireEvent.click(screen.getByRole("tab", { name: /Items/ }));
    await waitFor(() => expect(last()?.get("tab")).toBe("items"));
    expect(last()?.get("code")).toBeNull();
    expect(last()?.get("field")).toBeNull();
    expect(last()?.get("q")).toBeNull();
    expect(last()?.get("tz")).toBe("utc");
    fireEvent.click(screen.getByRole("tab", { name: /Errors/ }));
    await waitFor(() => expect(last()?.get("tab")).toBe("errors"));
    expect(screen.getAllByTestId("error-group").some((li) => li.getAttribute("data-selected") === "true")).toBe(false);
  });

  it("filters by #entry through the URL's q", async () => {
    const { last } = renderView(withGroups);
    const index = errorRefsOf(withGroups.job)[0]!.index!;
    fireEvent.change(screen.getByLabelText(/Filter errors/), { target: { value: `#${index}` } });
    await waitFor(() => expect(last()?.get("q")).toBe(`#${index}`));
    const rows = screen.getAllByTestId("error-row");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.getAttribute("data-index")).toBe(String(index));
  });

  it("moves between tabs with the arrow keys and records the tab in the URL", async () => {
    const { last } = renderView(withGroups);
    const errors = screen.getByRole("tab", { name: /Errors/ });
    fireEvent.keyDown(errors, { key: "ArrowRight" });
    await waitFor(() => expect(last()?.get("tab")).toBe("items"));
    expect(screen.getByRole("tab", { name: /Items/ }).getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: /Items/ }));
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    await waitFor(() => expect(last()?.get("tab")).toBe("raw"));
    expect(screen.getByTestId("raw-json").textContent).toContain(`"id": "${withGroups.job.id}"`);
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    await waitFor(() => expect(last()?.get("tab")).toBe("errors"));
  });

  it("keeps the URL's time zone in its links: an entry's errors, the way back to the list", () => {
    renderView(hostile, "?tab=items&tz=utc");
    const failed = screen.getAllByTestId("payload-entry").find((e) => e.getAttribute("data-outcome") === "failed")!;
    const toErrors = within(failed)
      .getAllByRole("link")
      .find((a) => a.getAttribute("href")?.includes("tab=errors"))!;
    expect(new URL(toErrors.getAttribute("href")!, "http://x").searchParams.get("tz")).toBe("utc");
    const crumbs = within(screen.getByRole("navigation", { name: "Breadcrumb" })).getAllByRole("link");
    expect(crumbs.map((a) => a.getAttribute("href"))).toContain("/jobs?tz=utc");
    expect(screen.getByRole("button", { name: "UTC" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("renders hostile catalog values as inert text", () => {
    renderView(hostile, "?tab=items");
    const entries = screen.getAllByTestId("payload-entry");
    expect(entries).toHaveLength(hostile.job.completedCount + hostile.job.failedCount);
    expect(entries.filter((e) => e.getAttribute("data-outcome") === "failed")).toHaveLength(hostile.job.failedCount);
    for (const a of document.querySelectorAll("a"))
      expect(a.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
    for (const img of document.querySelectorAll("img")) expect(img.getAttribute("src") ?? "").toMatch(/^https:\/\//);
    expect(document.querySelector("img[onerror], script, b")).toBeNull();
    const markup = hostile.included.find((r) => (r.title ?? "").includes("<"));
    if (markup) expect(document.body.textContent).toContain(markup.title!.slice(0, 20));
    const scriptUrl = hostile.included.find((r) => (r.url ?? "").startsWith("javascript:"));
    if (scriptUrl) expect(screen.getAllByText("(not a web link, not opened)").length).toBeGreaterThan(0);
  });
});

describe("pollInterval", () => {
  const state = (over: { status?: string; error?: unknown }) =>
    ({
      state: {
        data: over.status ? { job: { status: over.status } } : undefined,
        error: over.error ?? null,
      },
    }) as unknown as Parameters<typeof pollInterval>[0];

  it("polls every 5 s while the job can change", () => {
    expect(pollInterval(state({ status: "processing" }))).toBe(5_000);
    expect(pollInterval(state({ status: "queued" }))).toBe(5_000);
    expect(pollInterval(state({}))).toBe(5_000);
  });

  it("stops once the job is complete, cancelled or gone", () => {
    expect(pollInterval(state({ status: "complete" }))).toBe(false);
    expect(pollInterval(state({ status: "cancelled" }))).toBe(false);
    expect(pollInterval(state({ status: "processing", error: new ApiError("not_found", "gone") }))).toBe(false);
  });

  it("waits as long as Klaviyo asks after a 429", () => {
    expect(
      pollInterval(state({ status: "processing", error: new ApiError("rate_limited", "later", { retryAfter: 30 }) })),
    ).toBe(30_000);
    expect(
      pollInterval(state({ status: "processing", error: new ApiError("rate_limited", "later", { retryAfter: 1 }) })),
    ).toBe(5_000);
  });
});
