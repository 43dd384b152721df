import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/errors";
import type { JobType } from "@/lib/job-types";
import type { JobDetail } from "@/lib/types";
import { LOOKUP_CONCURRENCY, lookUpElsewhere, otherTypes } from "./lookup.server";

/* The bounded search for a job id under the other eight types, with a fake Klaviyo read. */

function reader(answer: (type: JobType) => "found" | "missing" | ApiError | "hang") {
  return vi.fn(async ({ type }: { type: JobType; id: string }): Promise<JobDetail> => {
    const a = answer(type);
    if (a === "found") return {} as JobDetail;
    if (a === "missing") throw new ApiError("not_found", "no such job");
    if (a === "hang") return new Promise<JobDetail>(() => {});
    throw a;
  });
}

describe("lookUpElsewhere", () => {
  it("takes the type from the job history when it holds the id under another type, with no Klaviyo read", async () => {
    const read = reader(() => "missing");
    const stored = vi.fn(async () => ["item-create", "variant-update"] as JobType[]);
    expect(await lookUpElsewhere("item-create", "01ABC", { read, stored })).toEqual({
      kind: "found",
      type: "variant-update",
    });
    expect(stored).toHaveBeenCalledWith("01ABC");
    expect(read).not.toHaveBeenCalled();
    // Held under the linked type only (Klaviyo answered 404 there, the page says so): Klaviyo is asked.
    const onlyHere = vi.fn(async () => ["item-create"] as JobType[]);
    expect(await lookUpElsewhere("item-create", "01ABC", { read, stored: onlyHere })).toEqual({ kind: "missing" });
    expect(read).toHaveBeenCalledTimes(8);
  });

  it("asks the other eight types, the same resource first, and names the one that has the job", async () => {
    expect(otherTypes("item-create").slice(0, 2)).toEqual(["item-update", "item-delete"]);
    expect(otherTypes("item-create")).toHaveLength(8);
    const read = reader((t) => (t === "category-delete" ? "found" : "missing"));
    expect(await lookUpElsewhere("item-create", "01ABC", { read })).toEqual({ kind: "found", type: "category-delete" });
    expect(read.mock.calls.map(([q]) => q.type)).not.toContain("item-create");
  });

  it("says the job is in none of them when every type answers not found", async () => {
    const read = reader(() => "missing");
    expect(await lookUpElsewhere("variant-update", "01ABC", { read })).toEqual({ kind: "missing" });
    expect(read).toHaveBeenCalledTimes(8);
  });

  it("stops when Klaviyo rate-limits, saying the search could not finish", async () => {
    const read = reader((t) => (t === "item-delete" ? new ApiError("rate_limited", "slow down") : "missing"));
    const result = await lookUpElsewhere("item-create", "01ABC", { read });
    expect(result).toMatchObject({ kind: "incomplete", code: "rate_limited" });
    // No new read starts after the refusal; those already in flight finish.
    expect(read.mock.calls.length).toBeLessThanOrEqual(LOOKUP_CONCURRENCY + 1);
  });

  it("gives up at its deadline", async () => {
    const read = reader(() => "hang");
    expect(await lookUpElsewhere("item-create", "01ABC", { read, deadlineMs: 20 })).toEqual({
      kind: "incomplete",
      code: "timeout",
      checked: [],
    });
    expect(read).toHaveBeenCalledTimes(LOOKUP_CONCURRENCY);
  });
});
