import { describe, expect, it } from "vitest";
import { OVERLOADED_JSON, UNAVAILABLE_JSON } from "../../scripts/server.mjs";
import { ApiError, isApiErrorCode, parseErrorEnvelope } from "./errors";

describe("ApiError", () => {
  it("is recognised across module copies (a bundler may load this file twice)", () => {
    const brand = Symbol.for("klaviyo-bulk-jobs.ApiError");
    const foreign = Object.assign(new Error("from another copy"), { [brand]: true, code: "not_found" });
    expect(foreign instanceof ApiError).toBe(true);
    expect(isApiErrorCode(foreign, "not_found")).toBe(true);
    expect(new Error("plain") instanceof ApiError).toBe(false);
    expect((null as unknown as object) instanceof ApiError).toBe(false);
  });

  it("serialises to the envelope and back", () => {
    const error = new ApiError("rate_limited", "Wait.", { retryAfter: 3 });
    expect(error.status).toBe(429);
    expect(parseErrorEnvelope(JSON.parse(JSON.stringify(error.toJSON())))).toEqual({
      code: "rate_limited",
      message: "Wait.",
      retryAfter: 3,
    });
    expect(parseErrorEnvelope({ error: { code: "made_up", message: "x" } })).toBeNull();
    expect(parseErrorEnvelope("<html>")).toBeNull();
  });

  it("reads the front process's own refusals as codes the pages explain", () => {
    expect(parseErrorEnvelope(JSON.parse(OVERLOADED_JSON))?.code).toBe("overloaded");
    expect(parseErrorEnvelope(JSON.parse(UNAVAILABLE_JSON))?.code).toBe("unavailable");
  });
});
