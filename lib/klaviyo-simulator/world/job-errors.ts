/**
 * Why an entry of a bulk payload fails, per job kind. Each template names the payload field the
 * error points at (formatted by lib/jobs/error-pointer.ts) and writes a detail that quotes the offending
 * value, the way Klaviyo's validation messages do. Codes repeat across kinds so the UI can group them.
 */
import type { JobType } from "@/lib/job-types";
import { pick, type Rng, randInt } from "./prng";

export interface ErrorContext {
  rng: Rng;
  /** external id of the entry as submitted */
  externalId: string;
  /** `$custom:::$default:::…` id of the entry */
  resourceId: string;
  /** the index of the entry in the payload */
  index: number;
}

export interface ErrorTemplate {
  key: string;
  code: string;
  title: string;
  /** attribute, relationship or member the error points at */
  field: string;
  detail(ctx: ErrorContext): string;
  weight: number;
}

const BAD_PRICES = ["-12.5", '"12,99"', '"free"', "-0.01", "1e309", "null"];
const BAD_URLS = [
  "javascript:alert(1)",
  "htp:/shop.example/p/1",
  "shop.example/products/1",
  "https://",
  "ftp://files.example/p.html",
];
const BAD_QUANTITIES = ["-4", '"lots"', "2.5", "9007199254740993"];

const invalidPrice = (weight: number): ErrorTemplate => ({
  key: "invalid_price",
  code: "invalid",
  title: "Invalid input.",
  field: "price",
  detail: ({ rng }) => `'price' must be a number greater than or equal to 0; got ${pick(rng, BAD_PRICES)}.`,
  weight,
});

const invalidUrl = (weight: number): ErrorTemplate => ({
  key: "invalid_url",
  code: "invalid",
  title: "Invalid input.",
  field: "url",
  detail: ({ rng }) => `'url' must be a valid http or https URL; got '${pick(rng, BAD_URLS)}'.`,
  weight,
});

const imageFetch = (weight: number): ErrorTemplate => ({
  key: "image_fetch_failed",
  code: "image_fetch_failed",
  title: "Image could not be fetched.",
  field: "image_full_url",
  detail: ({ rng, index }) => {
    const status = pick(rng, [403, 404, 404, 500, 522]);
    return `GET https://cdn.shop.example/uploads/${randInt(rng, 1000, 9999)}-${index}.jpg returned HTTP ${status}.`;
  },
  weight,
});

const missing = (field: string, weight: number): ErrorTemplate => ({
  key: `missing_${field}`,
  code: "required",
  title: "Missing required field.",
  field,
  detail: () => `'${field}' is a required field and may not be blank.`,
  weight,
});

const duplicate = (noun: string, weight: number): ErrorTemplate => ({
  key: "duplicate_external_id",
  code: "duplicate",
  title: "Duplicate resource.",
  field: "external_id",
  detail: ({ externalId }) => `A catalog ${noun} with external_id '${externalId}' already exists.`,
  weight,
});

const notFound = (noun: string, weight: number): ErrorTemplate => ({
  key: "not_found",
  code: "not_found",
  title: "Resource not found.",
  field: "id",
  detail: ({ resourceId }) => `Catalog ${noun} '${resourceId}' does not exist.`,
  weight,
});

const relatedNotFound = (field: string, noun: string, prefix: string, weight: number): ErrorTemplate => ({
  key: `${field}_not_found`,
  code: "not_found",
  title: "Related resource not found.",
  field,
  detail: ({ rng }) => `Catalog ${noun} '$custom:::$default:::${prefix}-${randInt(rng, 1, 9999)}' does not exist.`,
  weight,
});

const metadataTooLarge = (weight: number): ErrorTemplate => ({
  key: "custom_metadata_too_large",
  code: "too_large",
  title: "Payload too large.",
  field: "custom_metadata",
  detail: ({ rng }) => `'custom_metadata' may not exceed 100kb; got ${randInt(rng, 101, 480)}kb.`,
  weight,
});

const titleTooLong = (weight: number): ErrorTemplate => ({
  key: "title_too_long",
  code: "invalid",
  title: "Invalid input.",
  field: "title",
  detail: ({ rng }) => `'title' must be at most 255 characters; got ${randInt(rng, 256, 2048)}.`,
  weight,
});

const invalidQuantity = (weight: number): ErrorTemplate => ({
  key: "invalid_inventory_quantity",
  code: "invalid",
  title: "Invalid input.",
  field: "inventory_quantity",
  detail: ({ rng }) => `'inventory_quantity' must be a number; got ${pick(rng, BAD_QUANTITIES)}.`,
  weight,
});

const invalidPolicy = (weight: number): ErrorTemplate => ({
  key: "invalid_inventory_policy",
  code: "invalid",
  title: "Invalid input.",
  field: "inventory_policy",
  detail: ({ rng }) => `'inventory_policy' must be one of 0, 1, 2; got ${randInt(rng, 3, 9)}.`,
  weight,
});

const stillHasVariants = (weight: number): ErrorTemplate => ({
  key: "has_variants",
  code: "conflict",
  title: "Conflict.",
  field: "id",
  detail: ({ resourceId, rng }) =>
    `Catalog item '${resourceId}' still has ${randInt(rng, 1, 6)} variant(s); delete them first.`,
  weight,
});

export const ERROR_TEMPLATES: Readonly<Record<JobType, readonly ErrorTemplate[]>> = {
  "item-create": [
    invalidPrice(30),
    missing("title", 15),
    duplicate("item", 20),
    invalidUrl(12),
    imageFetch(14),
    relatedNotFound("categories", "category", "CAT", 6),
    metadataTooLarge(3),
  ],
  "item-update": [
    invalidPrice(35),
    notFound("item", 25),
    invalidUrl(10),
    imageFetch(15),
    titleTooLong(5),
    relatedNotFound("categories", "category", "CAT", 7),
    metadataTooLarge(3),
  ],
  "item-delete": [notFound("item", 80), stillHasVariants(20)],
  "variant-create": [
    invalidPrice(25),
    missing("sku", 15),
    invalidQuantity(15),
    invalidPolicy(8),
    duplicate("variant", 15),
    relatedNotFound("item", "item", "SKU", 15),
    imageFetch(7),
  ],
  "variant-update": [invalidPrice(30), invalidQuantity(30), notFound("variant", 25), invalidUrl(8), invalidPolicy(7)],
  "variant-delete": [notFound("variant", 100)],
  "category-create": [missing("name", 40), duplicate("category", 40), relatedNotFound("items", "item", "SKU", 20)],
  "category-update": [notFound("category", 45), missing("name", 25), relatedNotFound("items", "item", "SKU", 30)],
  "category-delete": [notFound("category", 100)],
};
