import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getJob, listJobs } from "@/lib/klaviyo";
import { GET } from "./route";

/*
 * The find box without JavaScript (`GET /jobs/find?type=…&id=…`), pinned for good and bad input: where
 * it redirects (303) and how many job types it asked Klaviyo about. The id is trimmed; a type that
 * is not one only loses its preference (item-create is tried first). Built-in simulator, `getJob`
 * wrapped so every upstream request is counted.
 */

vi.mock("@/lib/klaviyo", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/klaviyo")>();
  return { ...actual, getJob: vi.fn(actual.getJob) };
});

vi.stubEnv("KLAVIYO_API_KEY", "");

const find = (query: string) => GET(new Request(`http://localhost/jobs/find?${query}`));

async function redirect(query: string): Promise<{ status: number; location: string | null; lookups: number }> {
  vi.mocked(getJob).mockClear();
  const response = await find(query);
  return {
    status: response.status,
    location: response.headers.get("location"),
    lookups: vi.mocked(getJob).mock.calls.length,
  };
}

const MISSING = "01ZZZZZZZZZZZZZZZZZZZZZZZZ";
let knownId = "";
beforeAll(async () => {
  knownId = (await listJobs({ type: "item-update", status: "complete" })).jobs[0]!.id;
});
beforeEach(() => {
  vi.mocked(getJob).mockClear();
});

describe("GET /jobs/find: route parsing", () => {
  it("opens a good id under its own type, trying the preferred type first", async () => {
    expect(await redirect(`type=item-update&id=${knownId}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 1,
    });
    expect(await redirect(`type=item-create&id=${knownId}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 2,
    });
  });

  it("trims whitespace around the id", async () => {
    expect(await redirect(`type=item-update&id=%20${knownId}%20`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 1,
    });
    expect(await redirect(`type=item-update&id=${knownId}%0A`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 1,
    });
  });

  it("decodes a percent-encoded id before checking it", async () => {
    const encoded = [...knownId].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join("");
    expect(await redirect(`type=item-update&id=${encoded}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 1,
    });
    expect(await redirect("type=item-update&id=abc%24")).toEqual({
      status: 303,
      location: "/jobs?type=item-update",
      lookups: 0,
    });
  });

  it("sends a well-formed id found nowhere to the preferred type's page, after asking every type", async () => {
    expect(await redirect(`type=item-update&id=${MISSING}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${MISSING}`,
      lookups: 9,
    });
    expect(await redirect(`type=item-update&id=${"a".repeat(64)}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${"a".repeat(64)}`,
      lookups: 9,
    });
  });

  it.each([
    ["an unknown type", "item-explode"],
    ["a type in another case", "Item-Update"],
    ["a type with trailing whitespace", "item-update%20"],
    ["no type", ""],
  ])("falls back to item-create first for %s", async (_, type) => {
    const typeParam = type ? `type=${type}&` : "";
    expect(await redirect(`${typeParam}id=${knownId}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${knownId}`,
      lookups: 2,
    });
    expect(await redirect(`${typeParam}id=abc$`)).toEqual({ status: 303, location: "/jobs", lookups: 0 });
  });

  it.each([
    ["an id with a bad character", "id=abc$"],
    ["an id of 65 characters", `id=${"a".repeat(65)}`],
    ["an empty id", "id="],
    ["a blank id", "id=%20%20"],
    ["no id", ""],
    ["a percent-encoded bad character", "id=abc%24"],
    ["an id with whitespace inside", "id=ab%20c"],
  ])("goes back to the preferred type's list without asking Klaviyo for %s", async (_, id) => {
    expect(await redirect(`type=item-update&${id}`)).toEqual({
      status: 303,
      location: "/jobs?type=item-update",
      lookups: 0,
    });
  });

  // The list link is written by serializeJobListParams, which leaves out the default type (the list
  // shows item-create without it). It was spelled `/jobs?type=item-create` by hand before.
  it("leaves the default type out of the list link", async () => {
    expect(await redirect("type=item-create&id=abc$")).toEqual({ status: 303, location: "/jobs", lookups: 0 });
  });
});
