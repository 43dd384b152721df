/**
 * `GET /api/jobs/{type}/{id}` pinned for good and bad routes: the status, the envelope's code and the
 * exact 400 message, and whether Klaviyo was asked at all. The built-in simulator answers (no
 * KLAVIYO_API_KEY); `getJob` is wrapped so every upstream request is counted.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getJob, listJobs } from "@/lib/klaviyo";
import { GET } from "./route";

vi.mock("@/lib/klaviyo", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/klaviyo")>();
  return { ...actual, getJob: vi.fn(actual.getJob) };
});

vi.stubEnv("KLAVIYO_API_KEY", "");
vi.stubEnv("REDIS_URL", "");

const TYPE_MESSAGE =
  "type: type must be one of item-create, item-update, item-delete, variant-create, variant-update, variant-delete, category-create, category-update, category-delete";
const ID_CHARS = "id: job id must be letters, digits, - or _";
const ID_TOO_LONG = "id: Too big: expected string to have <=64 characters";
const ID_EMPTY = `id: Too small: expected string to have >=1 characters; ${ID_CHARS}`;

const call = (type: string, id: string) =>
  GET(new Request(`http://localhost/api/jobs/${type}/${id}`), { params: Promise.resolve({ type, id }) });

async function envelope(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

let knownId = "";
beforeAll(async () => {
  knownId = (await listJobs({ type: "item-create", status: "complete" })).jobs[0]!.id;
});
beforeEach(() => {
  vi.mocked(getJob).mockClear();
});

describe("GET /api/jobs/{type}/{id}: route parsing", () => {
  it("answers 200 with the job for a good type and id", async () => {
    const response = await call("item-create", knownId);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { job: { id: string } }).job.id).toBe(knownId);
    expect(getJob).toHaveBeenCalledWith({ type: "item-create", id: knownId });
  });

  it.each([
    ["a well-formed id Klaviyo does not have", "item-create", "01ZZZZZZZZZZZZZZZZZZZZZZZZ"],
    ["an id of exactly 64 characters", "item-create", "a".repeat(64)],
  ])("asks Klaviyo and answers 404 not_found for %s", async (_, type, id) => {
    expect(await envelope(await call(type, id))).toMatchObject({ status: 404, code: "not_found" });
    expect(getJob).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["an unknown type", "item-explode", "01ABC", TYPE_MESSAGE],
    ["a type in another case", "Item-Create", "01ABC", TYPE_MESSAGE],
    ["a type with trailing whitespace", "item-create ", "01ABC", TYPE_MESSAGE],
    ["an id with a bad character", "item-create", "abc$", ID_CHARS],
    ["an id of 65 characters", "item-create", "a".repeat(65), ID_TOO_LONG],
    ["an id of 65 bad characters", "item-create", "$".repeat(65), `${ID_TOO_LONG}; ${ID_CHARS}`],
    ["an empty id", "item-create", "", ID_EMPTY],
    ["a still percent-encoded id", "item-create", "abc%24", ID_CHARS],
    ["a percent-encoded letter", "item-create", "%41BC", ID_CHARS],
    ["an id with trailing whitespace", "item-create", "abc ", ID_CHARS],
    ["an id with leading whitespace", "item-create", " abc", ID_CHARS],
    ["a bad type and a bad id", "Item-Create", "", `${TYPE_MESSAGE}; ${ID_EMPTY}`],
  ])("answers 400 bad_request without asking Klaviyo for %s", async (_, type, id, message) => {
    expect(await envelope(await call(type, id))).toEqual({ status: 400, code: "bad_request", message });
    expect(getJob).not.toHaveBeenCalled();
  });
});
