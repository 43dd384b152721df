import { describe, expect, it } from "vitest";
import { authenticate } from "./auth";

describe("authenticate", () => {
  it("accepts any well-formed private key unless one is configured", () => {
    expect(authenticate("Klaviyo-API-Key pk_abcdef123456")).toEqual({ ok: true, key: "pk_abcdef123456" });
    expect(authenticate("klaviyo-api-key   pk_abcdef123456 ")).toEqual({ ok: true, key: "pk_abcdef123456" });
    expect(authenticate("Klaviyo-API-Key pk_abcdef123456", "pk_abcdef123456")).toMatchObject({ ok: true });
    expect(authenticate("Klaviyo-API-Key pk_other000000", "pk_abcdef123456")).toEqual({
      ok: false,
      reason: "rejected",
    });
  });

  it("tells a missing credential from a malformed one", () => {
    for (const header of [null, "", "Bearer pk_abcdef123456", "pk_abcdef123456", "Basic dXNlcjpwYXNz"]) {
      expect(authenticate(header), String(header)).toEqual({ ok: false, reason: "missing" });
    }
    for (const header of [
      "Klaviyo-API-Key",
      "Klaviyo-API-Key ",
      "Klaviyo-API-Key abcdef123456",
      "Klaviyo-API-Key pk_",
      "Klaviyo-API-Key pk_abc def",
      "Klaviyo-API-Key pk_<script>",
    ]) {
      expect(authenticate(header), header).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
