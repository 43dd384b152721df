/**
 * The nine Klaviyo catalog bulk-job kinds, described once: URL slug ↔ Klaviyo path ↔ JSON:API type ↔
 * include ↔ GET rate tier. Everything else (simulator, proxy, routes, UI) derives from this table.
 */

export const JOB_RESOURCES = ["item", "variant", "category"] as const;
export const JOB_OPERATIONS = ["create", "update", "delete"] as const;
export type JobResource = (typeof JOB_RESOURCES)[number];
export type JobOperation = (typeof JOB_OPERATIONS)[number];

export const JOB_TYPES = [
  "item-create",
  "item-update",
  "item-delete",
  "variant-create",
  "variant-update",
  "variant-delete",
  "category-create",
  "category-update",
  "category-delete",
] as const;
export type JobType = (typeof JOB_TYPES)[number];
export const DEFAULT_JOB_TYPE: JobType = "item-create";

export type RelatedKind = "items" | "variants" | "categories";
export type CatalogResourceType = "catalog-item" | "catalog-variant" | "catalog-category";

export interface RateTier {
  /** requests per 1 s window */
  burst: number;
  /** requests per 60 s window */
  steady: number;
}

/** Since 2026-06-30 Klaviyo documents item and variant create/update job GETs at 75/s and 750/m. */
export const TIER_NARROW: RateTier = { burst: 75, steady: 750 };
/** Klaviyo's XL tier, for every other job GET. */
export const TIER_XL: RateTier = { burst: 350, steady: 3500 };

export interface JobTypeInfo {
  slug: JobType;
  resource: JobResource;
  operation: JobOperation;
  /** Klaviyo list path, e.g. `/api/catalog-item-bulk-create-jobs` (get-one appends `/{id}`) */
  path: string;
  /** JSON:API `type` of the job resource, e.g. `catalog-item-bulk-create-job` */
  jsonApiType: string;
  /** `include` value on get-one; delete jobs have none */
  include: RelatedKind | null;
  /** JSON:API `type` of the related catalog resources */
  relatedType: CatalogResourceType;
  tier: RateTier;
  /** human label, e.g. "Item create" */
  label: string;
}

const PLURAL: Record<JobResource, RelatedKind> = {
  item: "items",
  variant: "variants",
  category: "categories",
};

function describe(slug: JobType): JobTypeInfo {
  const [resource, operation] = slug.split("-") as [JobResource, JobOperation];
  const narrow = resource !== "category" && operation !== "delete";
  return {
    slug,
    resource,
    operation,
    path: `/api/catalog-${resource}-bulk-${operation}-jobs`,
    jsonApiType: `catalog-${resource}-bulk-${operation}-job`,
    include: operation === "delete" ? null : PLURAL[resource],
    relatedType: `catalog-${resource}`,
    tier: narrow ? TIER_NARROW : TIER_XL,
    label: `${resource[0]!.toUpperCase()}${resource.slice(1)} ${operation}`,
  };
}

export const JOB_TYPE_INFO: Readonly<Record<JobType, JobTypeInfo>> = Object.fromEntries(
  JOB_TYPES.map((slug) => [slug, describe(slug)]),
) as Record<JobType, JobTypeInfo>;

export function isJobType(value: unknown): value is JobType {
  return typeof value === "string" && (JOB_TYPES as readonly string[]).includes(value);
}

export function jobTypeInfo(slug: JobType): JobTypeInfo {
  return JOB_TYPE_INFO[slug];
}

/** Find the job kind served at a Klaviyo path (list path, with or without the old trailing slash). */
export function jobTypeByPath(path: string): JobTypeInfo | undefined {
  const trimmed = path.replace(/\/+$/, "");
  return JOB_TYPES.map((t) => JOB_TYPE_INFO[t]).find((info) => info.path === trimmed);
}

export const JOB_STATUSES = ["queued", "processing", "complete", "cancelled"] as const;
export type KnownJobStatus = (typeof JOB_STATUSES)[number];
/** Klaviyo may add statuses without a new revision; unknown ones are kept as strings. */
export type JobStatus = KnownJobStatus | (string & {});

export function isKnownStatus(value: unknown): value is KnownJobStatus {
  return typeof value === "string" && (JOB_STATUSES as readonly string[]).includes(value);
}

/** Finished jobs never change again: they are cached longer and never polled. */
export function isTerminalStatus(status: JobStatus): boolean {
  return status === "complete" || status === "cancelled";
}
