/**
 * Tolerant runtime schemas for Klaviyo's catalog bulk-job JSON:API documents. Klaviyo may add fields,
 * enum values and nulls without a new revision (docs/klaviyo.md#revisions), and a retired revision falls forward
 * to a newer shape, so these schemas:
 * - accept both the 2023-02-22 shape (`attributes.job_id`, no `data.id`) and the current one (`id`);
 * - keep unknown keys out of the way (`looseObject`) and unknown `status` values as plain strings;
 * - accept `null` wherever a live answer has been seen to send it (`links.next`, counts, `errors`).
 * Pure: no `server-only`, so it can be unit tested.
 */
import { z } from "zod";

const nullableString = z.string().nullish();
const nullableCount = z.number().nonnegative().nullish();

export const jobErrorSchema = z.looseObject({
  id: nullableString,
  code: nullableString,
  title: nullableString,
  detail: nullableString,
  // 2023-02-22 required `source.pointer`; later revisions made it nullable with a default of "/data".
  source: z.looseObject({ pointer: nullableString, parameter: nullableString }).nullish(),
});
export type KlaviyoJobError = z.infer<typeof jobErrorSchema>;

const resourceRefSchema = z.looseObject({ type: z.string(), id: z.string() });

const relationshipSchema = z.looseObject({
  // to-many (items, variants, categories) or to-one (a variant's item); null when empty
  data: z.union([z.array(resourceRefSchema), resourceRefSchema, z.null()]).optional(),
});

export const jobAttributesSchema = z.looseObject({
  /** removed in 2023-12-15; only a fallback for `data.id` */
  job_id: nullableString,
  /** any string: Klaviyo may add states; the app keeps unknown ones as they are */
  status: z.string(),
  created_at: z.string(),
  // `total_count` was never nullable in the spec, but a null costs us nothing to tolerate.
  total_count: nullableCount,
  completed_count: nullableCount,
  failed_count: nullableCount,
  completed_at: nullableString,
  expires_at: nullableString,
  errors: z.array(jobErrorSchema).nullish(),
});

export const jobResourceSchema = z
  .looseObject({
    type: z.string(),
    id: nullableString,
    attributes: jobAttributesSchema,
    relationships: z.record(z.string(), relationshipSchema).nullish(),
  })
  .refine((job) => Boolean(job.id ?? job.attributes.job_id), {
    message: "job has neither data.id nor attributes.job_id",
  });
export type KlaviyoJobResource = z.infer<typeof jobResourceSchema>;

/** Included catalog items, variants and categories: every attribute is optional and nullable. */
export const catalogResourceSchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  attributes: z
    .looseObject({
      external_id: nullableString,
      title: nullableString,
      name: nullableString,
      description: nullableString,
      price: z.number().nullish(),
      url: nullableString,
      image_full_url: nullableString,
      image_thumbnail_url: nullableString,
      published: z.boolean().nullish(),
      sku: nullableString,
      inventory_quantity: z.number().nullish(),
      custom_metadata: z.record(z.string(), z.unknown()).nullish(),
      updated: nullableString,
    })
    .nullish(),
});
export type KlaviyoCatalogResource = z.infer<typeof catalogResourceSchema>;

// The spec says `next`/`prev` are non-nullable strings; the live API sends null (klaviyo/openapi#5).
const collectionLinksSchema = z.looseObject({
  self: nullableString,
  next: nullableString,
  prev: nullableString,
});

export const jobListDocumentSchema = z.looseObject({
  data: z.array(jobResourceSchema),
  links: collectionLinksSchema.nullish(),
});
export type KlaviyoJobListDocument = z.infer<typeof jobListDocumentSchema>;

export const jobDocumentSchema = z.looseObject({
  data: jobResourceSchema,
  included: z.array(catalogResourceSchema).nullish(),
});
export type KlaviyoJobDocument = z.infer<typeof jobDocumentSchema>;

/** Klaviyo's error document `{ errors: [{ status, code, title, detail, … }] }`. */
export const errorDocumentSchema = z.looseObject({
  errors: z
    .array(
      z.looseObject({
        status: z.union([z.number(), z.string()]).nullish(),
        code: nullableString,
        title: nullableString,
        detail: nullableString,
      }),
    )
    .min(1),
});
export type KlaviyoErrorDocument = z.infer<typeof errorDocumentSchema>;
