import { describe, expect, it } from "vitest";
import { RELATED_FIELDS } from "@/lib/klaviyo-simulator/http/fields";
import { formatTimestamp } from "@/lib/klaviyo-simulator/http/timestamps";
import { type CatalogKind, catalogAttributes, externalId, hostility } from "./catalog";

const times = { created: Date.UTC(2026, 0, 1), updated: Date.UTC(2026, 10, 28, 12, 0, 0, 250) };
const TYPES = { item: "catalog-item", variant: "catalog-variant", category: "catalog-category" } as const;

describe("catalog resources", () => {
  it("carry every attribute the spec lists, and nothing else", () => {
    for (const kind of ["item", "variant", "category"] as const) {
      const attributes = catalogAttributes(42, kind, 12_345, times);
      const expected = RELATED_FIELDS[TYPES[kind]].filter((field) => field !== "id");
      expect(Object.keys(attributes).sort()).toEqual([...expected].sort());
    }
  });

  it("look like a real shop: titles, prices, descriptions, images, metadata, published flags", () => {
    const item = catalogAttributes(42, "item", 20_001, times);
    expect(item.external_id).toBe("SKU-20001");
    expect(typeof item.title).toBe("string");
    expect(typeof item.price).toBe("number");
    expect(item.image_full_url).toMatch(/^https:\/\/cdn\.shop\.example\//);
    expect(typeof item.published).toBe("boolean");
    expect(item.custom_metadata).toMatchObject({ brand: expect.any(String) });
    expect(item.updated).toBe("2026-11-28T12:00:00.250000+00:00");
    const variant = catalogAttributes(42, "variant", 80_006, times);
    expect(variant.external_id).toBe("SKU-20001-L");
    expect([0, 1, 2]).toContain(variant.inventory_policy);
    expect(catalogAttributes(42, "category", 7, times).external_id).toBe("CAT-0007");
  });

  it("include a few hostile values to keep the UI honest", () => {
    const seen = new Map<string, number>();
    for (const kind of ["item", "variant", "category"] as CatalogKind[]) {
      for (let n = 1_000; n < 6_000; n++) {
        const trait = hostility(42, kind, n);
        seen.set(trait, (seen.get(trait) ?? 0) + 1);
        if (trait === "none" || kind !== "item") continue;
        const item = catalogAttributes(42, kind, n, times);
        const text = JSON.stringify(item);
        if (trait === "markup") expect(item.title).toMatch(/<img src=x onerror=/);
        if (trait === "script-url") expect(item.url).toBe("javascript:alert(document.cookie)");
        if (trait === "long") expect(String(item.description).length).toBeGreaterThan(5_000);
        if (trait === "proto") expect(text).toContain('"__proto__"');
      }
    }
    for (const trait of ["markup", "script-url", "long", "bidi", "proto"])
      expect(seen.get(trait), trait).toBeGreaterThan(5);
    expect(seen.get("none")! / 15_000).toBeGreaterThan(0.95);
    const odd = Array.from({ length: 5_000 }, (_, i) => externalId(42, "item", i)).filter(
      (id) => !/^SKU-\d+$/.test(id),
    );
    expect(odd.length).toBeGreaterThan(0);
  });

  it("writes timestamps as Klaviyo does", () => {
    expect(formatTimestamp(Date.UTC(2022, 10, 8))).toBe("2022-11-08T00:00:00+00:00");
    expect(formatTimestamp(Date.UTC(2022, 10, 8, 1, 2, 3, 45))).toBe("2022-11-08T01:02:03.045000+00:00");
  });
});
