/** GET /api/skus/{sku} against a real embedded store: every job that touched a SKU, newest first. */
import { describe, expect, it, vi } from "vitest";
import { seedSearchStore } from "@/lib/search/testing";

vi.mock("server-only", () => ({}));

const seeded = seedSearchStore();
const { JOBS } = seeded;

async function sku(segment: string, query = "") {
  const { adoptStore } = await import("@/lib/store/shared");
  adoptStore(seeded.store());
  const { GET } = await import("./route");
  return GET(new Request(`http://localhost/api/skus/x${query}`), { params: Promise.resolve({ sku: segment }) });
}

describe("GET /api/skus/{sku}", () => {
  it("answers every job that touched the SKU, newest first, 50 a page", async () => {
    const body = await (await sku("SKU-9-Blue")).json();
    expect(body.sku).toBe("SKU-9-Blue");
    expect(body.results).toHaveLength(25);
    expect(body.results[0]).toMatchObject({
      jobId: JOBS[24]!.id,
      outcome: "created",
      held: false,
      type: "variant-create",
    });
    expect(body.results.map((hit: { createdAt: string }) => hit.createdAt)).toEqual(
      [...body.results.map((hit: { createdAt: string }) => hit.createdAt)].sort().reverse(),
    );
    expect(body.nextCursor).toBeNull();
  });

  it.each([
    ["an empty SKU", "", "", /sku: type something/],
    ["a control character", "SKU\u0000", "", /control characters/],
    ["a bad cursor", "SKU-1", "?cursor=zzz", /cursor/],
  ])("refuses %s", async (_, segment, query, message) => {
    const response = await sku(segment, query);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  });
});
