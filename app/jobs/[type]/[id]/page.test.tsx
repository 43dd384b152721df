import { isValidElement, type ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DehydratedState } from "@tanstack/react-query";
import { listJobs } from "@/lib/klaviyo";
import JobDetailPage, { generateMetadata } from "./page";

/*
 * The server component against the built-in simulator (no KLAVIYO_API_KEY): it refuses malformed
 * links without asking Klaviyo, turns Klaviyo's 404 into notFound(), and hands the client a
 * prefetched job.
 */

vi.stubEnv("KLAVIYO_API_KEY", "");

const props = (type: string, id: string) =>
  ({ params: Promise.resolve({ type, id }), searchParams: Promise.resolve({}) }) as unknown as PageProps<"/jobs/[type]/[id]">;

async function notFoundDigest(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
  return undefined;
}

let knownId = "";
beforeAll(async () => {
  const page = await listJobs({ type: "item-create", status: "complete" });
  knownId = page.jobs[0]!.id;
});

describe("job detail page (server)", () => {
  it.each([
    ["an unknown type", "item-explode", "01JD3F"],
    ["a malformed id", "item-create", "<script>"],
    ["an id Klaviyo does not have", "item-create", "01ZZZZZZZZZZZZZZZZZZZZZZZZ"],
  ])("answers not found for %s", async (_, type, id) => {
    expect(await notFoundDigest(() => JobDetailPage(props(type, id)))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("prefetches a known job into the hydration state", async () => {
    const element = (await JobDetailPage(props("item-create", knownId))) as ReactElement<{ state: DehydratedState }>;
    expect(isValidElement(element)).toBe(true);
    const [query] = element.props.state.queries;
    expect(query?.queryKey).toEqual(["jobs", "detail", "item-create", knownId]);
    expect(query?.state.status).toBe("success");
  });

  it("titles the page with the job's kind and id", async () => {
    expect(await generateMetadata(props("variant-update", "01JABC"))).toEqual({ title: "Variant update job 01JABC" });
    expect(await generateMetadata(props("nope", "01JABC"))).toEqual({ title: "Job not found" });
  });
});
