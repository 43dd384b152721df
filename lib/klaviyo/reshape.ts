/**
 * Klaviyo JSON:API documents (already validated by ./schema) → the app's own types (lib/types.ts).
 * Pure, so it can be unit tested.
 */

import type { CatalogResourceType, JobStatus, JobType } from "@/lib/job-types";
import { cursorSchema } from "@/lib/jobs/schemas.server";
import type { CatalogResource, Job, JobDetail, JobError, JobPage } from "@/lib/types";
import type {
  KlaviyoCatalogResource,
  KlaviyoJobDocument,
  KlaviyoJobError,
  KlaviyoJobListDocument,
  KlaviyoJobResource,
} from "./schema";

function toJobError(error: KlaviyoJobError, index: number): JobError {
  return {
    // Errors without an id still need a stable React key in the UI.
    id: error.id ?? `error-${index}`,
    code: error.code ?? "unknown",
    title: error.title ?? "",
    detail: error.detail ?? "",
    pointer: error.source?.pointer ?? null,
  };
}

function relatedIds(job: KlaviyoJobResource): string[] {
  const ids: string[] = [];
  for (const relationship of Object.values(job.relationships ?? {})) {
    const data = relationship.data;
    if (Array.isArray(data)) ids.push(...data.map((ref) => ref.id));
    else if (data) ids.push(data.id);
  }
  return ids;
}

export function toJob(type: JobType, resource: KlaviyoJobResource): Job {
  const a = resource.attributes;
  return {
    type,
    // The schema guarantees one of the two; `id` wins (job_id is the pre-2023-12-15 shape).
    id: resource.id ?? a.job_id ?? "",
    status: a.status,
    createdAt: a.created_at,
    completedAt: a.completed_at ?? null,
    expiresAt: a.expires_at ?? null,
    totalCount: a.total_count ?? 0,
    completedCount: a.completed_count ?? 0,
    failedCount: a.failed_count ?? 0,
    errors: (a.errors ?? []).map(toJobError),
    relatedIds: relatedIds(resource),
  };
}

/**
 * Klaviyo's `links.next`/`prev` are full URLs. We only ever keep their `page[cursor]` value (checked
 * against our own cursor contract) and never request the URL itself, so an upstream answer can
 * never steer the proxy to another host or path.
 */
export function cursorFromLink(link: string | null | undefined): string | null {
  if (!link) return null;
  let url: URL;
  try {
    // a relative link is tolerated; the base is never used for a request
    url = new URL(link, "https://cursor.invalid");
  } catch {
    return null;
  }
  const cursor = url.searchParams.get("page[cursor]");
  return cursor !== null && cursorSchema.safeParse(cursor).success ? cursor : null;
}

/** Klaviyo gives no ordering guarantee (docs/klaviyo.md#pagination), and the contract says newest first. */
function newestFirst(a: Job, b: Job): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function toJobPage(
  type: JobType,
  status: JobStatus | null,
  document: KlaviyoJobListDocument,
  fetchedAt: string,
): JobPage {
  return {
    type,
    status,
    jobs: document.data.map((resource) => toJob(type, resource)).sort(newestFirst),
    nextCursor: cursorFromLink(document.links?.next),
    prevCursor: cursorFromLink(document.links?.prev),
    fetchedAt,
  };
}

const CATALOG_TYPES: readonly CatalogResourceType[] = ["catalog-item", "catalog-variant", "catalog-category"];

function isCatalogType(value: string): value is CatalogResourceType {
  return (CATALOG_TYPES as readonly string[]).includes(value);
}

export function toCatalogResource(resource: KlaviyoCatalogResource, type: CatalogResourceType): CatalogResource {
  const a = resource.attributes ?? {};
  return {
    type,
    id: resource.id,
    externalId: a.external_id ?? null,
    title: a.title ?? a.name ?? null,
    description: a.description ?? null,
    price: a.price ?? null,
    url: a.url ?? null,
    imageUrl: a.image_full_url ?? a.image_thumbnail_url ?? null,
    published: a.published ?? null,
    sku: a.sku ?? null,
    inventoryQuantity: a.inventory_quantity ?? null,
    customMetadata: a.custom_metadata ?? null,
    updated: a.updated ?? null,
  };
}

export function toJobDetail(type: JobType, document: KlaviyoJobDocument, fetchedAt: string): JobDetail {
  const included: CatalogResource[] = [];
  for (const resource of document.included ?? []) {
    // JSON:API lets `included` carry other kinds; only catalog resources mean something to the UI.
    if (isCatalogType(resource.type)) included.push(toCatalogResource(resource, resource.type));
  }
  return { job: toJob(type, document.data), included, fetchedAt };
}
