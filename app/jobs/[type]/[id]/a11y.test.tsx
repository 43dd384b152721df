// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ClockProvider } from "@/components/clock";
import type { JobType } from "@/lib/job-types";
import { getJob, listJobs } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import { JobDetailView } from "./job-detail";

/*
 * ARIA structure checked with axe in jsdom (tabs, names, lists, ids). jsdom has no layout, so colour
 * contrast is left to the Playwright run in light and dark.
 */

vi.stubEnv("KLAVIYO_API_KEY", "");
afterEach(cleanup);

async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    rules: { "color-contrast": { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(" | ")}`);
}

async function renderJob(type: JobType, search: string) {
  // The smallest failed job on the first page: axe in jsdom is slow on a hundred rich entries.
  const job = (await listJobs({ type, status: "complete" })).jobs
    .filter((j) => j.errors.length > 0)
    .sort((a, b) => a.totalCount - b.totalCount)[0]!;
  const detail = await getJob({ type, id: job.id });
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } },
  });
  client.setQueryData(jobKeys.detail(type, job.id), detail);
  render(
    <QueryClientProvider client={client}>
      <NuqsTestingAdapter searchParams={search} hasMemory>
        <ClockProvider serverNow={Date.now()}>
          <JobDetailView type={type} id={job.id} />
        </ClockProvider>
      </NuqsTestingAdapter>
    </QueryClientProvider>,
  );
}

describe("job detail accessibility (axe, jsdom)", () => {
  it.each([
    ["item-create", "?tab=errors"],
    ["item-create", "?tab=items"],
    ["variant-update", "?tab=raw"],
    ["category-delete", ""],
  ] as const)(
    "%s %s has no violations",
    async (type, search) => {
      await renderJob(type, search);
      for (const summary of [...document.querySelectorAll("summary")].slice(0, 2)) fireEvent.click(summary);
      expect(await violations()).toEqual([]);
      expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    },
    60_000,
  );
});
