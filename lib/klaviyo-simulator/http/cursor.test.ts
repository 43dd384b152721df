import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, type PageCursor } from "./cursor";
import { paginate } from "./paginate";

const position: PageCursor = { createdAt: 1_795_886_947_086, id: "01M8HK86REJB9N30B5BNXSQFAY", direction: "next" };

describe("page cursors", () => {
  it("round-trip and look like Klaviyo's URL-safe base64 JSON", () => {
    const encoded = encodeCursor(position);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(encoded, "base64url").toString())).toEqual([position.createdAt, position.id, true]);
    expect(decodeCursor(encoded)).toEqual(position);
    expect(decodeCursor(encodeCursor({ ...position, direction: "prev" }))?.direction).toBe("prev");
  });

  it("refuse anything garbled", () => {
    const good = encodeCursor(position);
    const garbled = [
      "",
      "abc",
      "not a cursor!",
      `${good}x`,
      good.slice(0, -3),
      good.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      Buffer.from("[1,2,3]").toString("base64url"),
      Buffer.from(JSON.stringify([1, "not-a-ulid", true])).toString("base64url"),
      Buffer.from(JSON.stringify([-5, position.id, true])).toString("base64url"),
      "WzE2NDA5OTUyMDAsICIzYzRjeXdGTndadyIsIHRydWVd", // Klaviyo's documented cursor: not one of ours
    ];
    for (const value of garbled) expect(decodeCursor(value), value).toBeNull();
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 250 }, (_, i) => ({
    createdAt: 10_000 - i * 10,
    id: `01M8HK86REJB9N30B5BNXSQ${String(i).padStart(3, "0")}`,
  }));

  it("walks forward and back in pages of at most 100", () => {
    const first = paginate(items, null);
    expect(first.items).toHaveLength(100);
    expect(first.prev).toBeNull();
    const second = paginate(items, first.next);
    expect(second.items[0]).toBe(items[100]);
    const third = paginate(items, second.next);
    expect(third.items).toHaveLength(50);
    expect(third.next).toBeNull();
    const back = paginate(items, third.prev);
    expect(back.items).toEqual(second.items);
    const home = paginate(items, back.prev);
    expect(home.items).toEqual(first.items);
    expect(home.prev).toBeNull();
  });

  it("keeps its place when newer items arrive", () => {
    const first = paginate(items, null);
    const grown = [{ createdAt: 20_000, id: "01M8HK86REJB9N30B5BNXSQZZZ" }, ...items];
    const second = paginate(grown, first.next);
    expect(second.items[0]).toBe(items[100]);
    const back = paginate(grown, second.prev);
    expect(back.items).toEqual(items.slice(0, 100));
    expect(back.prev).not.toBeNull();
  });

  it("answers an empty list with no links", () => {
    expect(paginate([], null)).toEqual({ items: [], next: null, prev: null });
  });
});
