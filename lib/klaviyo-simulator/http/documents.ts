/**
 * JSON:API documents for job endpoints, shaped as the 2026-07-15 spec describes them: job resources
 * with `attributes` (sparse when `fields[…]` asks), `relationships` naming the catalog resources the
 * job went through, `links.self`; `included` catalog resources on get-one with `include`. Links are
 * absolute and use the request's origin, so a client can follow `links.next` verbatim.
 */
import { JOB_TYPE_INFO, type JobResource } from "@/lib/job-types";
import { CATALOG_COLLECTION, catalogAttributes } from "@/lib/klaviyo-simulator/world/catalog";
import type { JobPlan } from "@/lib/klaviyo-simulator/world/dataset";
import { catalogKindOf, createdTimeOf, processedAt, succeededEntries } from "@/lib/klaviyo-simulator/world/job-state";
import { type JobSnapshot, relatedIdsOf, stateOf } from "@/lib/klaviyo-simulator/world/store";

export interface DocumentContext {
  seed: number;
  origin: string;
  at: number;
}

type Json = Record<string, unknown>;

const RELATIONSHIP_NAME: Record<JobResource, string> = { item: "items", variant: "variants", category: "categories" };

function pickFields(attributes: Json, fields: ReadonlySet<string> | null): Json {
  if (!fields) return attributes;
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => fields.has(name)));
}

function jobAttributes(snapshot: Omit<JobSnapshot, "relatedIds">): Json {
  return {
    status: snapshot.status,
    created_at: snapshot.createdAt,
    total_count: snapshot.totalCount,
    completed_count: snapshot.completedCount,
    failed_count: snapshot.failedCount,
    completed_at: snapshot.completedAt,
    errors: snapshot.errors,
    expires_at: snapshot.expiresAt,
  };
}

/**
 * Lists carry no `relationships`: like Klaviyo's other collections, linkage data is for one resource
 * (a list page would otherwise repeat up to 10,000 catalog ids). Get-one always names the resources
 * the job went through, for delete jobs too (the spec: "IDs of the deleted catalog items").
 */
export function jobResource(
  ctx: DocumentContext,
  plan: JobPlan,
  fields: ReadonlySet<string> | null,
  withRelationships: boolean,
): Json {
  const info = JOB_TYPE_INFO[plan.type];
  const related = withRelationships ? relatedIdsOf(ctx.seed, plan, ctx.at) : null;
  return {
    type: info.jsonApiType,
    id: plan.id,
    attributes: pickFields(jobAttributes(stateOf(ctx.seed, plan, ctx.at)), fields),
    ...(related
      ? {
          relationships: {
            [RELATIONSHIP_NAME[info.resource]]: { data: related.map((id) => ({ type: info.relatedType, id })) },
          },
        }
      : {}),
    links: { self: `${ctx.origin}${info.path}/${plan.id}` },
  };
}

export function includedResources(ctx: DocumentContext, plan: JobPlan, fields: ReadonlySet<string> | null): Json[] {
  const info = JOB_TYPE_INFO[plan.type];
  const kind = catalogKindOf(plan);
  return succeededEntries(ctx.seed, plan, processedAt(plan, ctx.at)).map((entry) => ({
    type: info.relatedType,
    id: entry.id,
    attributes: pickFields(
      catalogAttributes(ctx.seed, kind, entry.number, {
        created: createdTimeOf(plan, entry),
        updated: entry.processedAt,
      }),
      fields,
    ),
    links: { self: `${ctx.origin}${CATALOG_COLLECTION[kind]}/${encodeURIComponent(entry.id)}` },
  }));
}

export interface ListLinks {
  self: string;
  next: string | null;
  prev: string | null;
}

export function listDocument(
  ctx: DocumentContext,
  plans: readonly JobPlan[],
  fields: ReadonlySet<string> | null,
  links: ListLinks,
): Json {
  return { data: plans.map((plan) => jobResource(ctx, plan, fields, false)), links };
}

export interface GetOneOptions {
  fields: ReadonlySet<string> | null;
  include: boolean;
  relatedFields: ReadonlySet<string> | null;
  selfLink: string | null;
}

export function getOneDocument(ctx: DocumentContext, plan: JobPlan, options: GetOneOptions): Json {
  return {
    data: jobResource(ctx, plan, options.fields, true),
    ...(options.include ? { included: includedResources(ctx, plan, options.relatedFields) } : {}),
    ...(options.selfLink ? { links: { self: options.selfLink } } : {}),
  };
}
