import { describe, expect, it } from "vitest";
import { z } from "zod";
import { JOB_TYPES } from "@/lib/job-types";
import { isJobId } from "./list-params";
import { JOB_ID_MESSAGE, JOB_TYPE_MESSAGE, parseJobReference, parseJobRoute } from "./route";
import { jobIdSchema, jobTypeSchema, parseWith } from "./schemas.server";

const TYPE = `type: ${JOB_TYPE_MESSAGE}`;
const ID_CHARS = `id: ${JOB_ID_MESSAGE}`;
const ID_TOO_LONG = "id: Too big: expected string to have <=64 characters";
const ID_EMPTY = `id: Too small: expected string to have >=1 characters; ${ID_CHARS}`;

describe("parseJobRoute", () => {
  it("accepts every job type with a job id", () => {
    for (const type of JOB_TYPES)
      expect(parseJobRoute({ type, id: "01JD3F_x-9" })).toEqual({ ok: true, type, id: "01JD3F_x-9" });
    expect(parseJobRoute({ type: "item-create", id: "a".repeat(64) })).toEqual({
      ok: true,
      type: "item-create",
      id: "a".repeat(64),
    });
  });

  it("spells out what it refuses, as the route handler's 400 says it", () => {
    expect(TYPE).toBe(
      "type: type must be one of item-create, item-update, item-delete, variant-create, variant-update, variant-delete, category-create, category-update, category-delete",
    );
    expect(ID_CHARS).toBe("id: job id must be letters, digits, - or _");
  });

  it.each([
    ["an unknown type", "item-explode", "01ABC", "type", TYPE, null, "01ABC"],
    ["a type in another case", "Item-Create", "01ABC", "type", TYPE, null, "01ABC"],
    ["a type with trailing whitespace", "item-create ", "01ABC", "type", TYPE, null, "01ABC"],
    ["an id with a bad character", "item-create", "abc$", "id", ID_CHARS, "item-create", null],
    ["an id of 65 characters", "item-create", "a".repeat(65), "id", ID_TOO_LONG, "item-create", null],
    [
      "an id of 65 bad characters",
      "item-create",
      "$".repeat(65),
      "id",
      `${ID_TOO_LONG}; ${ID_CHARS}`,
      "item-create",
      null,
    ],
    ["an empty id", "item-create", "", "id", ID_EMPTY, "item-create", null],
    ["a percent-encoded id (never decoded here)", "item-create", "abc%24", "id", ID_CHARS, "item-create", null],
    ["an id with trailing whitespace (never trimmed here)", "item-create", "abc ", "id", ID_CHARS, "item-create", null],
    ["a path in the id", "item-create", "../x", "id", ID_CHARS, "item-create", null],
    [
      "both wrong: the type is the problem, the message has both",
      "Item-Create",
      "",
      "type",
      `${TYPE}; ${ID_EMPTY}`,
      null,
      null,
    ],
  ] as const)("refuses %s", (_, type, id, problem, message, okType, okId) => {
    expect(parseJobRoute({ type, id })).toEqual({ ok: false, problem, message, type: okType, id: okId });
  });

  it("refuses params that are missing or not strings", () => {
    expect(parseJobRoute({})).toEqual({
      ok: false,
      problem: "type",
      message: `${TYPE}; id: Invalid input: expected string, received undefined`,
      type: null,
      id: null,
    });
    expect(parseJobRoute({ type: ["item-create"], id: ["01ABC"] })).toMatchObject({
      ok: false,
      message: `${TYPE}; id: Invalid input: expected string, received array`,
    });
  });

  // The route handlers' zod schemas (lib/jobs/schemas.server.ts) are built from the same patterns:
  // both must accept the same routes and explain a refusal in the same words.
  const routeSchema = z.strictObject({ type: jobTypeSchema, id: jobIdSchema });
  it.each([
    ["item-create", "01JD3F"],
    ["category-delete", "a".repeat(64)],
    ["item-create", "a".repeat(65)],
    ["item-create", "ü".repeat(65)],
    ["item-create", ""],
    ["ITEM-CREATE", "abc def"],
    ["item-create", "abc\n"],
    ["item-create", "01JD3F\u200b"],
    ["", ""],
    ["__proto__", "constructor"],
    ["item-create", undefined],
    ["item-create", null],
    ["item-create", 42],
    [undefined, "01ABC"],
  ])("agrees with the zod schema on %j / %j", (type, id) => {
    const zod = parseWith(routeSchema, { type, id });
    const ours = parseJobRoute({ type, id });
    expect(ours.ok).toBe(zod.ok);
    if (!ours.ok && !zod.ok) expect(ours.message).toBe(zod.message);
    if (typeof id === "string") expect(ours.ok ? true : ours.id !== null).toBe(isJobId(id));
  });
});

describe("parseJobReference: an id, or a pasted link to a job", () => {
  it.each([
    ["a bare id, trimmed", "  01ABC\n", { id: "01ABC", type: null, search: "" }],
    [
      "a dashboard job link with its view",
      "http://127.0.0.1:3000/jobs/item-delete/01ABC?tab=errors&tz=utc",
      { id: "01ABC", type: "item-delete", search: "?tab=errors&tz=utc" },
    ],
    [
      "a dashboard link without scheme",
      "dash.example.com/jobs/variant-update/01ABC",
      { id: "01ABC", type: "variant-update", search: "" },
    ],
    ["a dashboard path", "/jobs/category-create/01ABC#x", { id: "01ABC", type: "category-create", search: "" }],
    ["the dashboard API", "https://dash/api/jobs/item-update/01ABC", { id: "01ABC", type: "item-update", search: "" }],
    [
      "a Klaviyo API link",
      "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/01ABC/?include=items",
      { id: "01ABC", type: "item-create", search: "" },
    ],
    [
      "a Klaviyo relationships link",
      "https://a.klaviyo.com/api/catalog-category-bulk-delete-jobs/01ABC/relationships/categories",
      { id: "01ABC", type: "category-delete", search: "" },
    ],
  ] as const)("takes %s", (_, input, expected) => {
    expect(parseJobReference(input)).toEqual(expected);
  });

  it.each([
    ["text that is not an id", "abc$"],
    ["a link to the job list", "https://dash/jobs?type=item-create"],
    ["a link with an unknown type", "https://dash/jobs/item-rename/01ABC"],
    ["a link with a bad id", "https://dash/jobs/item-create/ab%24c"],
    ["a Klaviyo link to another resource", "https://a.klaviyo.com/api/catalog-items/01ABC"],
    ["an empty box", "   "],
  ])("refuses %s", (_, input) => {
    expect(parseJobReference(input)).toBeNull();
  });
});
