import type { DehydratedState } from "@tanstack/react-query";
import { isValidElement, type ReactElement } from "react";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { getJob, listJobs } from "@/lib/klaviyo";
import JobDetailPage, { generateMetadata } from "./page";

/*
 * The server component against the built-in simulator (no KLAVIYO_API_KEY): it refuses malformed
 * links without asking Klaviyo, turns Klaviyo's 404 into notFound(), and hands the client a
 * prefetched job.
 */

// `getJob` is the real one, wrapped so the route tests can count what is asked of Klaviyo.
vi.mock("@/lib/klaviyo", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/klaviyo")>();
  return { ...actual, getJob: vi.fn(actual.getJob) };
});

vi.stubEnv("KLAVIYO_API_KEY", "");

const props = (type: string, id: string, search: Record<string, string> = {}) =>
  ({
    params: Promise.resolve({ type, id }),
    searchParams: Promise.resolve(search),
  }) as unknown as PageProps<"/jobs/[type]/[id]">;

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

/*
 * The page's answers for good and bad routes, pinned: it renders (a known job), asks Klaviyo and
 * calls notFound() (a well-formed id Klaviyo lacks), or calls notFound() without asking (a type or
 * id that cannot be one); the title says which.
 */
let updateId = "";
beforeAll(async () => {
  updateId = (await listJobs({ type: "item-update", status: "complete" })).jobs[0]!.id;
});
beforeEach(() => {
  vi.mocked(getJob).mockClear();
});

describe("job page: route parsing", () => {
  it("renders a good type and id, titled with both", async () => {
    const element = (await JobDetailPage(props("item-update", updateId))) as ReactElement<{ state: DehydratedState }>;
    expect(isValidElement(element)).toBe(true);
    expect(element.props.state.queries[0]?.queryKey).toEqual(["jobs", "detail", "item-update", updateId]);
    expect(getJob).toHaveBeenCalledWith({ type: "item-update", id: updateId });
    expect(await generateMetadata(props("item-update", updateId))).toEqual({ title: `Item update job ${updateId}` });
  });

  it.each([
    ["a well-formed id Klaviyo does not have", "item-update", "01ZZZZZZZZZZZZZZZZZZZZZZZZ"],
    ["an id of exactly 64 characters", "item-update", "a".repeat(64)],
  ])("asks Klaviyo under every type, then answers not found, for %s", async (_, type, id) => {
    expect(await notFoundDigest(() => JobDetailPage(props(type, id)))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(getJob).toHaveBeenCalledTimes(9);
    expect(await generateMetadata(props(type, id))).toEqual({ title: `Item update job ${id}` });
  });

  it.each([
    ["an unknown type", "item-explode", "01ABC"],
    ["a type in another case", "Item-Create", "01ABC"],
    ["a type with trailing whitespace", "item-create ", "01ABC"],
    ["an id with a bad character", "item-create", "abc$"],
    ["an id of 65 characters", "item-create", "a".repeat(65)],
    ["an empty id", "item-create", ""],
    ["a still percent-encoded id", "item-create", "abc%24"],
    ["a percent-encoded letter", "item-create", "%41BC"],
    ["an id with trailing whitespace", "item-create", "abc "],
    ["an id with leading whitespace", "item-create", " abc"],
    ["a bad type and a bad id", "Item-Create", ""],
  ])("answers not found without asking Klaviyo for %s", async (_, type, id) => {
    expect(await notFoundDigest(() => JobDetailPage(props(type, id)))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await generateMetadata(props(type, id))).toEqual({ title: "Job not found" });
    expect(getJob).not.toHaveBeenCalled();
  });
});

describe("job page: an id under the wrong type", () => {
  async function redirectOf(run: () => Promise<unknown>): Promise<string | undefined> {
    try {
      await run();
    } catch (error) {
      const digest = (error as { digest?: string }).digest ?? "";
      // NEXT_REDIRECT;replace;/path;307;
      return digest.startsWith("NEXT_REDIRECT") ? digest.split(";")[2] : `not a redirect: ${digest}`;
    }
    return undefined;
  }

  it("finds it under its own type and redirects there, keeping the view and zone", async () => {
    const back = "type=variant-create&status=complete";
    const location = await redirectOf(() =>
      JobDetailPage(props("variant-create", updateId, { tab: "errors", code: "x", field: "-", tz: "utc", back })),
    );
    expect(location).toBe(`/jobs/item-update/${updateId}?tab=errors&code=x&field=-&tz=utc`);
    const asked = vi.mocked(getJob).mock.calls.map(([q]) => q.type);
    expect(asked[0]).toBe("variant-create");
    expect(asked).toContain("item-update");
    expect(asked.length).toBeLessThanOrEqual(9);
  });

  it("keeps the list to go back to when it lists jobs of the right type", async () => {
    const back = "type=item-update&status=complete";
    const location = new URL(
      (await redirectOf(() => JobDetailPage(props("item-create", updateId, { back })))) ?? "",
      "http://x",
    );
    expect(location.pathname).toBe(`/jobs/item-update/${updateId}`);
    expect(location.searchParams.get("back")).toBe(back);
  });

  it("says so when the search of the other types cannot finish", async () => {
    vi.mocked(getJob).mockImplementation(async ({ type }) => {
      throw type === "item-create"
        ? new ApiError("not_found", "no such job")
        : new ApiError("rate_limited", "slow down", { retryAfter: 30 });
    });
    try {
      const element = (await JobDetailPage(props("item-create", "01ABC"))) as ReactElement<{ lookup: unknown }>;
      expect(element.props.lookup).toMatchObject({ kind: "incomplete", code: "rate_limited" });
    } finally {
      vi.mocked(getJob).mockReset();
      const actual = await vi.importActual<typeof import("@/lib/klaviyo")>("@/lib/klaviyo");
      vi.mocked(getJob).mockImplementation(actual.getJob);
    }
  });
});
