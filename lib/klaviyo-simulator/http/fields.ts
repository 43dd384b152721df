/**
 * Sparse-fieldset and include vocabularies, as the 2026-07-15 spec enumerates them (the conformance
 * test checks these lists against the spec file).
 */
import type { CatalogResourceType } from "@/lib/job-types";

export const JOB_FIELDS = [
  "completed_at",
  "completed_count",
  "created_at",
  "errors",
  "expires_at",
  "failed_count",
  "id",
  "status",
  "total_count",
] as const;
export type JobField = (typeof JOB_FIELDS)[number];

const ITEM_FIELDS = [
  "created",
  "custom_metadata",
  "description",
  "external_id",
  "id",
  "image_full_url",
  "image_thumbnail_url",
  "images",
  "price",
  "published",
  "title",
  "updated",
  "url",
] as const;

export const RELATED_FIELDS: Readonly<Record<CatalogResourceType, readonly string[]>> = {
  "catalog-item": ITEM_FIELDS,
  "catalog-variant": [...ITEM_FIELDS, "inventory_policy", "inventory_quantity", "sku"].sort(),
  "catalog-category": ["external_id", "id", "name", "updated"],
};
