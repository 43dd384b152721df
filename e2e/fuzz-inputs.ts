import { expect } from "@playwright/test";
import { mulberry32 } from "../lib/klaviyo-simulator/world/prng";

/*
 * Random and hostile requests to every API route, each invalid by construction: a fuzz run expects
 * only 400 or 404 with the JSON envelope, and no upstream call. Paths are the dashboard's own
 * (`/api/…`); a caller puts an account's prefix in front of them to fuzz that account.
 */

export interface FuzzCase {
  url: string;
  headers?: Record<string, string>;
}

const HOSTILE = [
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "😀".repeat(20),
  "https://evil.example/steal",
  "//evil.example",
  'equals(status,"complete")',
  "a".repeat(3000),
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "item-create\r\nX-Injected: 1",
  " ",
  "",
];

/** The same 2,400 cases for the same seed. */
export function fuzzCases(seed: number): FuzzCase[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const junk = () =>
    random() < 0.5
      ? pick(HOSTILE)
      : Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
          String.fromCharCode(32 + Math.floor(random() * 0x2fff)),
        ).join("");
  const cases: FuzzCase[] = [];

  for (let i = 0; i < 900; i++) {
    // Every list query below is invalid: a bad type, a bad status, a cursor with URL characters, or an unknown key.
    const params = new URLSearchParams();
    const mode = i % 4;
    if (mode === 0) params.set("type", junk() + "-x");
    if (mode === 1) params.set("status", pick(["failed", "COMPLETE", "all", junk() + "!"]));
    if (mode === 2)
      params.set(
        "cursor",
        pick(["https://a.klaviyo.com/api?page[cursor]=x", "../x", "a b", "<c>", "%", "x".repeat(2000)]),
      );
    // Next drops a `__proto__` query key before route handlers see it (the request is then valid),
    // so that one key is left to the unit tests of lib/jobs/schemas.server.
    const key = junk().replace(/^__proto__$/, "proto") || "k";
    if (mode === 3) params.set(pick(["page[size]", "filter", "sort", "include", "fields[catalog-item]", key]), junk());
    if (random() < 0.3) params.append("type", "item-create");
    cases.push({ url: `/api/jobs?${params}` });
  }
  for (let i = 0; i < 600; i++) {
    const type = random() < 0.5 ? pick(["item-create", "variant-delete"]) : encodeURIComponent(junk() + "z");
    // "!" is never part of a job id, so each id below is invalid whatever else it holds.
    const id = random() < 0.5 ? encodeURIComponent(pick(HOSTILE) + "!") : encodeURIComponent(junk() + "/\\");
    const invalidType = !["item-create", "variant-delete"].includes(type);
    cases.push({ url: `/api/jobs/${type}/${invalidType ? "01ABC" : id}` });
  }
  for (let i = 0; i < 300; i++) {
    cases.push({
      url: `/api/runs?${new URLSearchParams({ [pick(["from", "to", "gap", "window", "x"])]: junk() + "!" })}`,
    });
  }
  for (let i = 0; i < 100; i++) {
    // A valid run window with a junk parameter: the export refuses it before reading anything.
    const params = new URLSearchParams({ from: "2026-11-28T12:00:00Z", to: "2026-11-28T12:10:00Z" });
    params.set(pick(["format", "gap", "to", "window", "x"]), junk() + "!");
    cases.push({ url: `/api/runs/errors?${params}` });
  }
  for (let i = 0; i < 300; i++) {
    const segments = Array.from({ length: 1 + Math.floor(random() * 4) }, () => encodeURIComponent(junk() || "s"));
    cases.push({
      url: `/api/${pick(["nope", "job", "jobs/item-create/01A/extra", "catalog-item-bulk-create-jobs"])}/${segments.join("/")}`,
    });
  }
  for (let i = 0; i < 200; i++) {
    cases.push({
      url: `/api/jobs?type=${encodeURIComponent(junk())}x`,
      headers: {
        accept: pick(["*/*", "text/html", junk().replace(/[^\x20-\x7e]/g, "") || "x"]),
        cookie: `bj_session=${encodeURIComponent(junk())}`,
        "x-forwarded-host": "evil.example",
        "x-forwarded-for": pick(["1.2.3.4", "::1", "999.1.1.1", "x".repeat(200)]),
        "accept-language": pick(["en", "*", "zz-ZZ;q=2"]),
      },
    });
  }
  return cases;
}

/** A fuzz answer: 400 or 404, as JSON, in the error envelope. */
export function expectRefused(status: number, contentType: string | undefined, body: unknown, context: string) {
  expect([400, 404], `${context} → ${status}`).toContain(status);
  expect(body, context).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(contentType, context).toContain("application/json");
}
