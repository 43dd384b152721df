import { beforeEach, describe, expect, it, vi } from "vitest";
import { getJob } from "@/lib/klaviyo";
import { GET } from "./route";

/*
 * The find box without JavaScript (`GET /jobs/find?type=…&id=…&tz=…`), pinned for good and bad input:
 * where it redirects (303). It asks Klaviyo nothing: it opens the job's page under the type a pasted
 * link names or the preferred one, and that page looks under the other types (page.test.tsx). The id
 * is trimmed; a type that is not one only loses its preference (item-create is opened).
 */

vi.mock("@/lib/klaviyo", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/klaviyo")>();
  return { ...actual, getJob: vi.fn(actual.getJob) };
});

vi.stubEnv("KLAVIYO_API_KEY", "");

const ID = "01JD3FABCDEFGHJKMNPQRSTVWX";

async function redirect(query: string): Promise<{ status: number; location: string | null }> {
  const response = await GET(new Request(`http://localhost/jobs/find?${query}`));
  expect(vi.mocked(getJob)).not.toHaveBeenCalled();
  return { status: response.status, location: response.headers.get("location") };
}

beforeEach(() => {
  vi.mocked(getJob).mockClear();
});

describe("GET /jobs/find: route parsing", () => {
  it("opens a good id under the preferred type, trimmed, decoded", async () => {
    expect(await redirect(`type=item-update&id=${ID}`)).toEqual({ status: 303, location: `/jobs/item-update/${ID}` });
    expect(await redirect(`type=item-update&id=%20${ID}%0A`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${ID}`,
    });
    const encoded = [...ID].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join("");
    expect(await redirect(`type=item-update&id=${encoded}`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${ID}`,
    });
  });

  it("keeps the zone of the page the box was on", async () => {
    expect(await redirect(`type=item-update&id=${ID}&tz=utc`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${ID}?tz=utc`,
    });
    expect(await redirect(`type=item-update&id=${ID}&tz=`)).toEqual({
      status: 303,
      location: `/jobs/item-update/${ID}`,
    });
    expect(await redirect("type=item-update&id=&tz=utc")).toEqual({
      status: 303,
      location: "/jobs?type=item-update&tz=utc",
    });
    expect(await redirect("type=item-update&id=SKU-1&tz=utc")).toEqual({
      status: 303,
      location: "/search?q=SKU-1&tz=utc",
    });
  });

  it.each([
    [
      "a dashboard job link, with its view",
      `http://dash.example/jobs/category-delete/${ID}?tab=errors&code=not_found&field=-`,
      `/jobs/category-delete/${ID}?tab=errors&code=not_found&field=-&tz=utc`,
    ],
    [
      "a dashboard job link with its own zone",
      `http://dash.example/jobs/variant-create/${ID}?tz=local&tab=raw`,
      `/jobs/variant-create/${ID}?tab=raw`,
    ],
    [
      "a Klaviyo API link",
      `https://a.klaviyo.com/api/catalog-variant-bulk-update-jobs/${ID}/?include=variants`,
      `/jobs/variant-update/${ID}?tz=utc`,
    ],
  ])("takes the id and the type from %s", async (_, link, location) => {
    expect(await redirect(`type=item-update&tz=utc&id=${encodeURIComponent(link)}`)).toEqual({
      status: 303,
      location,
    });
  });

  it.each([
    ["an unknown type", "item-explode"],
    ["a type in another case", "Item-Update"],
    ["a type with trailing whitespace", "item-update%20"],
    ["no type", ""],
  ])("falls back to item-create for %s", async (_, type) => {
    const typeParam = type ? `type=${type}&` : "";
    expect(await redirect(`${typeParam}id=${ID}`)).toEqual({ status: 303, location: `/jobs/item-create/${ID}` });
    expect(await redirect(`${typeParam}id=`)).toEqual({ status: 303, location: "/jobs" });
  });

  it.each([
    ["an empty text", "id="],
    ["a blank text", "id=%20%20"],
    ["no text", ""],
    ["a control character", "id=SKU%00"],
    ["201 characters", `id=${"a".repeat(201)}`],
  ])("goes back to the preferred type's list for %s", async (_, id) => {
    expect(await redirect(`type=item-update&${id}`)).toEqual({ status: 303, location: "/jobs?type=item-update" });
  });

  it.each([
    ["a SKU", "id=SKU-12", "/search?q=SKU-12"],
    ["a text with a bad character for an id", "id=abc$", "/search?q=abc%24"],
    ["an id-like text that is no Klaviyo job id", `id=${"a".repeat(65)}`, `/search?q=${"a".repeat(65)}`],
    ["words, trimmed", "id=%20price%20got%20", "/search?q=price+got"],
  ])("opens the search for %s", async (_, id, location) => {
    expect(await redirect(`type=item-update&${id}`)).toEqual({ status: 303, location });
  });

  // The list link is written by serializeJobListParams, which leaves out the default type.
  it("leaves the default type out of the list link", async () => {
    expect(await redirect("type=item-create&id=")).toEqual({ status: 303, location: "/jobs" });
  });
});
