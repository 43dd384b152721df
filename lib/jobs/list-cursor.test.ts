import { describe, expect, it, vi } from "vitest";
import { encodeHistoryCursor, encodeListCursor, historyViewQuery, readListCursor } from "./all-types.server";

vi.mock("server-only", () => ({}));

const boundary = {
  dir: "prev" as const,
  createdAt: "2026-12-01T10:00:00.000Z",
  id: "01JOB",
  failedCount: 7,
  totalCount: 40,
};

describe("the history list's cursor", () => {
  it("round-trips the row, the direction and the keys of its order", () => {
    for (const order of ["newest", "failed", "rate"] as const) {
      const cursor = encodeListCursor(order, boundary);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(readListCursor(cursor, order)).toEqual({ boundary });
    }
  });

  it("is ignored, not refused, when it belongs to another order or to no list of ours", () => {
    expect(readListCursor(encodeListCursor("failed", boundary), "rate")).toEqual({ ignored: "other-order" });
    // Klaviyo's own cursor, from a bookmark of the live list, and plain garbage.
    expect(readListCursor("bmV4dDo6MjAyNi0xMi0wMVQxMDowMDowMFo6OjAxSk9C", "newest")).toEqual({ ignored: "unknown" });
    expect(readListCursor("not-a-cursor", "newest")).toEqual({ ignored: "unknown" });
    const tampered = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString("base64url");
    expect(readListCursor(tampered(["h2", "newest", "next", "nope", "01JOB", 0, 0]), "newest")).toEqual({
      ignored: "unknown",
    });
    expect(readListCursor(tampered(["h2", "newest", "sideways", boundary.createdAt, "01JOB", 0, 0]), "newest")).toEqual(
      { ignored: "unknown" },
    );
    expect(readListCursor(tampered(["h2", "newest", "next", boundary.createdAt, "a/b", 0, 0]), "newest")).toEqual({
      ignored: "unknown",
    });
    expect(readListCursor(tampered(["h2", "newest", "next", boundary.createdAt, "01JOB", -1, 0]), "newest")).toEqual({
      ignored: "unknown",
    });
  });

  it("still reads the first version's cursor (newest first) from old bookmarks", () => {
    const old = encodeHistoryCursor({ createdAt: boundary.createdAt, id: "01JOB" });
    expect(readListCursor(old, "newest")).toEqual({
      boundary: { dir: "next", createdAt: boundary.createdAt, id: "01JOB", failedCount: 0, totalCount: 0 },
    });
    expect(readListCursor(old, "failed")).toEqual({ ignored: "other-order" });
  });

  it("turns a list query into the store's question, with a note for an ignored cursor", () => {
    const { view, note } = historyViewQuery(
      { type: "item-create,item-update", from: "2026-12-01", failed: "1", order: "rate", cursor: "garbage" },
      "acct",
    );
    expect(view).toMatchObject({
      account: "acct",
      types: ["item-create", "item-update"],
      from: new Date("2026-12-01T00:00:00Z"),
      failed: true,
      order: "rate",
      boundary: undefined,
    });
    expect(note).toMatch(/first page/);
    expect(historyViewQuery({ type: "all" }, "acct").note).toBeNull();
  });
});
