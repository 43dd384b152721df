import { describe, expect, it } from "vitest";
import { safeImageUrl, safeLinkUrl } from "./safe-url";

describe("safeLinkUrl", () => {
  it.each([
    ["https://shop.example/products/a-1", "https://shop.example/products/a-1"],
    ["http://shop.example/p?variant=3", "http://shop.example/p?variant=3"],
    ["  https://shop.example/x  ", "https://shop.example/x"],
  ])("links %s", (raw, expected) => {
    expect(safeLinkUrl(raw)).toBe(expected);
  });

  it.each([
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example/p.html",
    "//evil.example/x",
    "/relative/path",
    "shop.example/products/1",
    "htp:/shop.example/p/1",
    "https://",
    "https://shop.example@evil.example/",
    "",
    null,
    undefined,
    `https://shop.example/${"a".repeat(3000)}`,
  ])("keeps %s as text", (raw) => {
    expect(safeLinkUrl(raw)).toBeNull();
  });
});

describe("safeImageUrl", () => {
  it("loads https images only", () => {
    expect(safeImageUrl("https://cdn.shop.example/images/1/full.jpg")).toBe(
      "https://cdn.shop.example/images/1/full.jpg",
    );
    expect(safeImageUrl("http://cdn.shop.example/images/1/full.jpg")).toBeNull();
    expect(safeImageUrl("javascript:alert(1)//.jpg")).toBeNull();
    expect(safeImageUrl("data:image/svg+xml,<svg onload=alert(1)>")).toBeNull();
  });
});
