import { describe, expect, it } from "vitest";
import { JOB_TYPES } from "@/lib/job-types";
import { formatErrorPointer } from "@/lib/jobs/error-pointer";
import { ERROR_TEMPLATES } from "@/lib/klaviyo-simulator/world/job-errors";
import { rngFor } from "@/lib/klaviyo-simulator/world/prng";
import { externalIdOf, quotedIds, searchEntriesOf } from "./entries";

describe("externalIdOf", () => {
  it.each([
    ["$custom:::$default:::SKU-1", "SKU-1"],
    ["$custom:::$default:::SKU 7/β", "SKU 7/β"],
    ["shopify:::main:::a:::b", "a:::b"],
    ["plain-id", "plain-id"],
  ])("%s → %s", (id, external) => expect(externalIdOf(id)).toBe(external));
});

describe("quotedIds", () => {
  it("reads compound ids and quoted external ids, nothing else", () => {
    expect(quotedIds("Catalog item '$custom:::$default:::SKU 12/β' does not exist.")).toEqual(["SKU 12/β"]);
    expect(quotedIds("A catalog variant with external_id 'SKU-3-Red' already exists.")).toEqual(["SKU-3-Red"]);
    expect(quotedIds("'url' must be a valid http or https URL; got 'https://'.")).toEqual([]);
  });
});

/*
 * Every error the simulator (after Klaviyo) writes, per job type: a failed entry's own SKU is found
 * exactly when its detail quotes it; a relationship error names another resource; the rest name none.
 */
describe("a failed entry's SKU, per job type and error", () => {
  const cases = JOB_TYPES.flatMap((type) => ERROR_TEMPLATES[type].map((template) => [type, template] as const));
  it.each(cases)("%s: %o", (type, template) => {
    const externalId = "SKU-9";
    const detail = template.detail({
      rng: rngFor(1, "t"),
      externalId,
      resourceId: `$custom:::$default:::${externalId}`,
      index: 4,
    });
    const entries = searchEntriesOf({
      type,
      errors: [
        { id: "e", code: template.code, title: template.title, detail, pointer: formatErrorPointer(4, template.field) },
      ],
      relatedIds: [],
      included: null,
    });
    const skus = entries.filter((entry) => entry.kind === "sku");
    const names = ["duplicate_external_id", "not_found", "has_variants"];
    if (names.includes(template.key)) {
      expect(skus).toEqual([expect.objectContaining({ label: externalId, outcome: "failed", code: template.code })]);
    } else if (template.key.endsWith("_not_found")) {
      expect(skus).toHaveLength(1);
      expect(skus[0]).toMatchObject({ outcome: "named", field: template.field });
      expect(skus[0]!.label).not.toBe(externalId);
    } else {
      expect(skus).toEqual([]);
    }
    expect(entries.filter((entry) => entry.kind === "error")).toEqual([
      expect.objectContaining({ key: template.code, count: 1, field: template.field }),
    ]);
  });
});

describe("searchEntriesOf", () => {
  it("gives what went through the job's own outcome, once per SKU", () => {
    const entries = searchEntriesOf({
      type: "variant-delete",
      errors: [],
      relatedIds: ["$custom:::$default:::SKU-1-Red", "$custom:::$default:::SKU-1-Red"],
      included: null,
    });
    expect(entries).toEqual([expect.objectContaining({ kind: "sku", key: "sku-1-red", outcome: "deleted" })]);
  });

  it("groups errors by code and field, with every distinct detail among the words", () => {
    const error = (index: number, detail: string) => ({
      id: `e${index}`,
      code: "invalid",
      title: "Invalid input.",
      detail,
      pointer: formatErrorPointer(index, "price"),
    });
    const entries = searchEntriesOf({
      type: "item-update",
      errors: [error(0, "got -1."), error(1, "got -1."), error(2, "got FREE.")],
      relatedIds: [],
      included: null,
    });
    expect(entries).toEqual([
      expect.objectContaining({ kind: "error", count: 3, words: "invalid input.\ngot -1.\ngot free." }),
    ]);
  });
});
