// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ClockProvider } from "@/components/clock";
import { ApiError } from "@/lib/http/errors";
import type { JobType } from "@/lib/job-types";
import { getJob, listJobs } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import type { JobDetail } from "@/lib/types";
import { JobDetailView } from "./job-detail";

/*
 * A job that disappears while its page is open keeps showing its last copy, with a way back to the
 * list of its type: that link keeps the page's time zone, written as serializeJobListParams writes it
 * (item-create, the default type, is not named; local time, the default zone, neither).
 */

vi.stubEnv("KLAVIYO_API_KEY", "");

const details = new Map<JobType, JobDetail>();
beforeAll(async () => {
  for (const type of ["item-create", "variant-update"] as const) {
    const job = (await listJobs({ type, status: "complete" })).jobs[0]!;
    details.set(type, await getJob({ type, id: job.id }));
  }
});
beforeEach(() => {
  // Should the view ask again, the API still says the job is gone.
  vi.stubGlobal("fetch", async () => Response.json({ error: { code: "not_found", message: "gone" } }, { status: 404 }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The job's page after its last poll answered 404: data from before, error not_found. */
function renderGone(type: JobType, search: string) {
  const detail = details.get(type)!;
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  const queryKey = jobKeys.detail(type, detail.job.id);
  client.setQueryData(queryKey, detail);
  client
    .getQueryCache()
    .find({ queryKey })!
    .setState({
      status: "error",
      error: new ApiError("not_found", "gone"),
      errorUpdateCount: 1,
      errorUpdatedAt: Date.now(),
    });
  render(
    <QueryClientProvider client={client}>
      <NuqsTestingAdapter searchParams={search} hasMemory>
        <ClockProvider serverNow={Date.now()}>
          <JobDetailView type={type} id={detail.job.id} />
        </ClockProvider>
      </NuqsTestingAdapter>
    </QueryClientProvider>,
  );
  const alert = screen.getByText("This job is no longer at Klaviyo").closest<HTMLElement>("[role=alert]")!;
  return within(alert)
    .getByRole("link", { name: /^Back to .* jobs$/ })
    .getAttribute("href");
}

describe("JobDetailView: the way back from a job that is gone", () => {
  it.each([
    ["variant-update", "?tz=utc", "/jobs?type=variant-update&tz=utc"],
    ["variant-update", "?tab=raw&tz=utc", "/jobs?type=variant-update&tz=utc"],
    ["variant-update", "", "/jobs?type=variant-update"],
    ["item-create", "?tz=utc", "/jobs?tz=utc"],
    ["item-create", "", "/jobs"],
  ] as const)("%s job, page %j: %s", (type, search, href) => {
    expect(renderGone(type, search)).toBe(href);
  });
});
