/**
 * Catalog items, variants and categories as a job's `included` shows them. Nothing is stored: every
 * resource is derived from (seed, kind, number), so a job only remembers which numbers it touched.
 * About 2% of resources carry hostile values (markup in titles, `javascript:` URLs, very long text,
 * bidi controls, a `__proto__` metadata key) so the UI is forced to escape and truncate honestly.
 */
import type { CatalogResourceType } from "@/lib/job-types";
import { formatTimestamp } from "@/lib/klaviyo-simulator/http/timestamps";
import {
  ADJECTIVES,
  BRANDS,
  COLORS,
  DEPARTMENTS,
  GROUPS,
  MATERIALS,
  PRODUCTS,
  SEASONS,
  SELLING_POINTS,
  VARIANT_OPTIONS,
} from "./catalog-words";
import { chance, hashSeed, pick, type Rng, randInt, rngFor } from "./prng";

export type CatalogKind = "item" | "variant" | "category";

export const CATALOG_TYPE: Record<CatalogKind, CatalogResourceType> = {
  item: "catalog-item",
  variant: "catalog-variant",
  category: "catalog-category",
};

/** Klaviyo's REST collection for each kind, used for the resources' `links.self`. */
export const CATALOG_COLLECTION: Record<CatalogKind, string> = {
  item: "/api/catalog-items",
  variant: "/api/catalog-variants",
  category: "/api/catalog-categories",
};

/** Each item owns this many variant numbers: variant m belongs to item floor(m / VARIANTS_PER_ITEM). */
export const VARIANTS_PER_ITEM = VARIANT_OPTIONS.length;

export type Hostility = "none" | "markup" | "script-url" | "long" | "bidi" | "proto";

export function hostility(seed: number, kind: CatalogKind, n: number): Hostility {
  const roll = hashSeed(seed, "hostile", kind, n) % 1000;
  if (roll < 5) return "markup";
  if (roll < 10) return "script-url";
  if (roll < 13) return "long";
  if (roll < 16) return "bidi";
  if (roll < 18) return "proto";
  return "none";
}

/** External ids are mostly `SKU-12345`, but real feeds also send spaces, slashes and non-ASCII. */
export function itemExternalId(seed: number, n: number): string {
  return hashSeed(seed, "odd-id", n) % 400 === 7 ? `SKU ${n}/β` : `SKU-${n}`;
}

export function externalId(seed: number, kind: CatalogKind, n: number): string {
  if (kind === "item") return itemExternalId(seed, n);
  if (kind === "variant") {
    return `${itemExternalId(seed, Math.floor(n / VARIANTS_PER_ITEM))}-${VARIANT_OPTIONS[n % VARIANTS_PER_ITEM]}`;
  }
  return `CAT-${String(n).padStart(4, "0")}`;
}

/** Klaviyo's compound catalog id: `{integration}:::{catalog}:::{external_id}`. */
export function catalogResourceId(external: string): string {
  return `$custom:::$default:::${external}`;
}

export interface CatalogTimes {
  created: number;
  updated: number;
}

interface ItemBasics {
  title: string;
  description: string;
  price: number;
  url: string;
  brand: (typeof BRANDS)[number];
  material: string;
  published: boolean;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function price(rng: Rng): number {
  if (chance(rng, 0.01)) return 0;
  const base = randInt(rng, 5, 260);
  return chance(rng, 0.7) ? base - 0.01 : base;
}

function itemBasics(seed: number, n: number): ItemBasics {
  const rng = rngFor(seed, "item", n);
  const brand = pick(rng, BRANDS);
  const material = pick(rng, MATERIALS);
  const title = `${pick(rng, ADJECTIVES)} ${material} ${pick(rng, PRODUCTS)}`;
  return {
    title,
    description: `${title} by ${brand.name}, made from ${material.toLowerCase()}. ${pick(rng, SELLING_POINTS)}`,
    price: price(rng),
    url: `https://shop.example/products/${slug(title)}-${n}`,
    brand,
    material,
    published: chance(rng, 0.92),
  };
}

const LONG_WORD = "Supercalifragilisticexpialidocious";

/** Applies a resource's hostile trait to the fields a UI renders. */
function harden(trait: Hostility, fields: { title: string; description: string | null; url: string; image: string }) {
  switch (trait) {
    case "markup":
      return { ...fields, title: `<img src=x onerror="alert('xss')"><b>${fields.title}</b>` };
    case "script-url":
      return { ...fields, url: "javascript:alert(document.cookie)", image: "javascript:alert(1)//.jpg" };
    case "long":
      return {
        ...fields,
        title: `${fields.title} ${`${LONG_WORD} `.repeat(12)}`.trim(),
        description:
          `${fields.description ?? ""} ${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(180)}`.trim(),
      };
    case "bidi":
      return {
        ...fields,
        title: `\u202E${fields.title}\u202C 🎁 "quoted" & 'single' </script><script>alert(1)</script>`,
      };
    default:
      return fields;
  }
}

function metadata(seed: number, kind: CatalogKind, n: number, base: Record<string, unknown>): Record<string, unknown> {
  if (hostility(seed, kind, n) !== "proto") return base;
  // A computed key creates an own "__proto__" property, which JSON.stringify then sends as data.
  return { ...base, ["__proto__"]: { polluted: true }, "<b>bold key</b>": "value", constructor: "prototype" };
}

function images(n: number, rng: Rng, image: string): string[] {
  const extra = Array.from(
    { length: randInt(rng, 0, 3) },
    (_, i) => `https://cdn.shop.example/images/${n}/${i + 2}.jpg`,
  );
  return [image, ...extra];
}

export function catalogItemAttributes(seed: number, n: number, times: CatalogTimes): Record<string, unknown> {
  const basics = itemBasics(seed, n);
  const rng = rngFor(seed, "item-extra", n);
  const trait = hostility(seed, "item", n);
  const fields = harden(trait, {
    title: basics.title,
    description: hashSeed(seed, "no-desc", n) % 13 === 5 ? null : basics.description,
    url: basics.url,
    image: `https://cdn.shop.example/images/${n}/full.jpg`,
  });
  return {
    external_id: itemExternalId(seed, n),
    title: fields.title,
    description: fields.description,
    price: basics.price,
    url: fields.url,
    image_full_url: fields.image,
    image_thumbnail_url:
      hashSeed(seed, "no-thumb", n) % 17 === 3 ? null : `https://cdn.shop.example/images/${n}/thumb.jpg`,
    images: images(n, rng, fields.image),
    custom_metadata: metadata(seed, "item", n, {
      brand: basics.brand.name,
      material: basics.material,
      season: pick(rng, SEASONS),
      top_pick: chance(rng, 0.15),
      weight_g: randInt(rng, 40, 2400),
    }),
    published: basics.published,
    created: formatTimestamp(times.created),
    updated: formatTimestamp(times.updated),
  };
}

export function catalogVariantAttributes(seed: number, m: number, times: CatalogTimes): Record<string, unknown> {
  const itemNumber = Math.floor(m / VARIANTS_PER_ITEM);
  const option = VARIANT_OPTIONS[m % VARIANTS_PER_ITEM] as string;
  const basics = itemBasics(seed, itemNumber);
  const rng = rngFor(seed, "variant", m);
  const color = pick(rng, COLORS);
  const fields = harden(hostility(seed, "variant", m), {
    title: `${basics.title} / ${color} / ${option}`,
    description: basics.description,
    url: `${basics.url}?variant=${m}`,
    image: `https://cdn.shop.example/images/${itemNumber}/${slug(color)}.jpg`,
  });
  return {
    external_id: externalId(seed, "variant", m),
    title: fields.title,
    description: fields.description,
    sku: `${basics.brand.code}-${itemNumber}-${slug(color).toUpperCase()}-${option}`,
    inventory_policy: pick(rng, [0, 1, 2] as const),
    inventory_quantity: chance(rng, 0.1) ? 0 : randInt(rng, 1, 400),
    price: basics.price === 0 ? 0 : Math.round((basics.price + (option === "XL" ? 5 : 0)) * 100) / 100,
    url: fields.url,
    image_full_url: fields.image,
    image_thumbnail_url: fields.image.replace(/\.jpg$/, "-thumb.jpg"),
    images: [fields.image],
    custom_metadata: metadata(seed, "variant", m, { size: option, color }),
    published: basics.published && chance(rng, 0.97),
    created: formatTimestamp(times.created),
    updated: formatTimestamp(times.updated),
  };
}

export function catalogCategoryAttributes(seed: number, k: number, times: CatalogTimes): Record<string, unknown> {
  const department = DEPARTMENTS[k % DEPARTMENTS.length] as string;
  const group = GROUPS[Math.floor(k / DEPARTMENTS.length) % GROUPS.length] as string;
  const round = Math.floor(k / (DEPARTMENTS.length * GROUPS.length));
  let name = `${department} / ${group}${round > 0 ? ` (${round + 1})` : ""}`;
  const trait = hostility(seed, "category", k);
  if (trait === "markup" || trait === "script-url") name = `<script>alert("category ${k}")</script>${name}`;
  if (trait === "long") name = `${name} ${"— seasonal edit ".repeat(30)}`.trim();
  if (trait === "bidi") name = `\u202E${name}\u202C ✨`;
  return {
    external_id: externalId(seed, "category", k),
    name,
    updated: formatTimestamp(times.updated),
  };
}

export function catalogAttributes(
  seed: number,
  kind: CatalogKind,
  n: number,
  times: CatalogTimes,
): Record<string, unknown> {
  if (kind === "item") return catalogItemAttributes(seed, n, times);
  if (kind === "variant") return catalogVariantAttributes(seed, n, times);
  return catalogCategoryAttributes(seed, n, times);
}
