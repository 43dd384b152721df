/**
 * Conformance: every kind of answer the simulator gives, for every job endpoint, validated against the
 * official 2026-07-15 subset in ../shared/klaviyo/ (read in place, never copied). The requests are
 * driven by the spec itself (its fields, include and filter enums). Tolerated: only the documented
 * null `links.next`/`links.prev` (see DOCUMENTED_DEVIATIONS). Answers that are deliberately not
 * Klaviyo JSON (edge HTML pages, corrupted bodies) are checked to be exactly that.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { type Answer, type CallOptions, call, frozenSimulator } from "@/lib/klaviyo-simulator/testing";
import {
  DOCUMENTED_DEVIATIONS,
  loadSpecValidator,
  type SpecOperation,
  type SpecValidator,
} from "@/lib/klaviyo-simulator/testing/openapi-validator";
import type { Simulator } from "..";
import { JOB_FIELDS, RELATED_FIELDS } from "./fields";

/** Klaviyo's own document, so it is read where it lies rather than copied in: `../shared/klaviyo/` beside the checkout. */
const REPO_ROOT = new URL("../../../", import.meta.url);
const SPEC_PATH = fileURLToPath(
  new URL("../shared/klaviyo/catalog-bulk-jobs.openapi-subset.2026-07-15.json", REPO_ROOT),
);
const SPEC_FOUND = existsSync(SPEC_PATH);

if (!SPEC_FOUND) {
  console.warn(
    `[conformance] SKIPPED: Klaviyo's published spec subset is not at ${SPEC_PATH}; put it there (see the README) to validate the simulator against it.`,
  );
}

if (!SPEC_FOUND) {
  describe("conformance with the official spec", () => {
    it.skip(`SKIPPED: no spec at ${SPEC_PATH} (put Klaviyo's published catalog bulk-jobs subset there, see the README), so no answer was validated`, () =>
      undefined);
  });
}

describe.skipIf(!SPEC_FOUND)("conformance with the official 2026-07-15 spec", () => {
  let spec: SpecValidator;
  let checked = 0;
  beforeAll(() => {
    spec = loadSpecValidator(SPEC_PATH);
  });

  const listOp = (type: JobType) => spec.find("get", JOB_TYPE_INFO[type].path);
  const oneOp = (type: JobType) => spec.find("get", `${JOB_TYPE_INFO[type].path}/{job_id}`);
  const enumOf = (op: SpecOperation, name: string) =>
    op.parameters.find((parameter) => parameter.name === name)?.enum ?? [];

  /** Call, then validate the answer against `op`; returns the answer for further checks. */
  async function conform(
    sim: Simulator,
    op: SpecOperation,
    path: string,
    options: CallOptions & { sparse?: ReadonlySet<string> } = {},
  ): Promise<Answer> {
    const answer = await call(sim, path, options);
    const problems = spec.check(op, {
      status: answer.status,
      contentType: answer.headers.get("content-type"),
      body: answer.json,
      sparseJobFields: options.sparse,
    });
    expect(problems, `${options.method ?? "GET"} ${path} → ${answer.status}`).toEqual([]);
    if (answer.status === 429) {
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(answer.headers.get("ratelimit-remaining")).toBeNull();
    }
    checked++;
    return answer;
  }

  it("reads a spec of revision 2026-07-15 with all 18 job GETs, each one served by the simulator", () => {
    expect(spec.version).toBe("2026-07-15");
    const templates = spec.operations
      .filter((op) => op.method === "get")
      .map((op) => op.pathTemplate)
      .sort();
    const served = JOB_TYPES.flatMap((type) => [
      JOB_TYPE_INFO[type].path,
      `${JOB_TYPE_INFO[type].path}/{job_id}`,
    ]).sort();
    expect(templates).toEqual(served);
  });

  it("accepts exactly the spec's vocabularies: fields, include, filter values, and its rate limits", () => {
    for (const type of JOB_TYPES) {
      const info = JOB_TYPE_INFO[type];
      expect([...enumOf(listOp(type), `fields[${info.jsonApiType}]`)].sort()).toEqual([...JOB_FIELDS].sort());
      expect(listOp(type).filterEnum?.slice().sort()).toEqual(["cancelled", "complete", "processing", "queued"]);
      expect(enumOf(oneOp(type), "include")).toEqual(info.include ? [info.include] : []);
      if (info.include)
        expect([...enumOf(oneOp(type), `fields[${info.relatedType}]`)].sort()).toEqual(
          [...RELATED_FIELDS[info.relatedType]].sort(),
        );
      expect(listOp(type).rateLimit).toEqual({ burst: `${info.tier.burst}/s`, steady: `${info.tier.steady}/m` });
      expect(oneOp(type).rateLimit).toEqual({ burst: `${info.tier.burst}/s`, steady: `${info.tier.steady}/m` });
      expect(listOp(type).parameters.find((parameter) => parameter.name === "revision")?.required).toBe(true);
    }
  });

  it("names its one tolerated deviation", () => {
    expect(DOCUMENTED_DEVIATIONS).toEqual([
      expect.objectContaining({ definition: "CollectionLinks", properties: ["next", "prev"] }),
    ]);
  });

  it.each(JOB_TYPES)(
    "%s list: plain, every filter value in both quotes, every sparse field, and both cursors",
    async (type) => {
      const sim = frozenSimulator({ rateLimits: false });
      const info = JOB_TYPE_INFO[type];
      const op = listOp(type);
      const first = (await conform(sim, op, info.path)).json as { links: { next: string | null } };
      expect(first.links.next).not.toBeNull();
      const second = (await conform(sim, op, first.links.next!)).json as { links: { prev: string | null } };
      await conform(sim, op, second.links.prev!);
      for (const status of op.filterEnum ?? []) {
        await conform(sim, op, `${info.path}?filter=${encodeURIComponent(`equals(status,"${status}")`)}`);
        await conform(sim, op, `${info.path}?filter=equals(status,'${status}')`);
      }
      const fieldsName = `fields[${info.jsonApiType}]`;
      const allFields = enumOf(op, fieldsName);
      for (const field of allFields) {
        await conform(sim, op, `${info.path}?${encodeURIComponent(fieldsName)}=${field}`, { sparse: new Set([field]) });
      }
      await conform(sim, op, `${info.path}?${encodeURIComponent(fieldsName)}=${allFields.join(",")}`, {
        sparse: new Set(allFields),
      });
      const filtered = `${info.path}?filter=${encodeURIComponent('equals(status,"complete")')}&${encodeURIComponent(fieldsName)}=status,errors`;
      const page = (await conform(sim, op, filtered, { sparse: new Set(["status", "errors"]) })).json as {
        links: { next: string | null };
      };
      if (page.links.next) await conform(sim, op, page.links.next, { sparse: new Set(["status", "errors"]) });
    },
  );

  it.each(JOB_TYPES)(
    "%s get-one: plain, sparse, and with include and related fields where the spec has them",
    async (type) => {
      const sim = frozenSimulator({ rateLimits: false });
      const info = JOB_TYPE_INFO[type];
      const op = oneOp(type);
      const jobs = sim.store.listJobs(type);
      const samples = ["queued", "processing", "complete", "cancelled"].flatMap((status) =>
        jobs.filter((job) => job.status === status).slice(0, 2),
      );
      samples.push(...jobs.filter((job) => job.failedCount > 0).slice(0, 2));
      expect(samples.length).toBeGreaterThan(3);
      const fieldsName = `fields[${info.jsonApiType}]`;
      for (const job of samples) {
        await conform(sim, op, `${info.path}/${job.id}`);
        await conform(sim, op, `${info.path}/${job.id}?${encodeURIComponent(fieldsName)}=status,completed_count`, {
          sparse: new Set(["status", "completed_count"]),
        });
        for (const include of enumOf(op, "include")) {
          const included = (await conform(sim, op, `${info.path}/${job.id}?include=${include}`)).json as {
            included?: unknown[];
          };
          expect(Array.isArray(included.included)).toBe(true);
          const related = enumOf(op, `fields[${info.relatedType}]`);
          for (const field of related)
            await conform(
              sim,
              op,
              `${info.path}/${job.id}?include=${include}&${encodeURIComponent(`fields[${info.relatedType}]`)}=${field}`,
            );
        }
      }
    },
  );

  it.each(JOB_TYPES)("%s error answers: 400s, 401s, 404, 405, 410, 429 and 5xx", async (type) => {
    const info = JOB_TYPE_INFO[type];
    const list = listOp(type);
    const one = oneOp(type);
    const sim = frozenSimulator();
    const id = sim.store.listJobs(type)[0]!.id;
    const expectStatus = (answer: Answer, status: number) => expect(answer.status).toBe(status);

    expectStatus(await conform(sim, list, `${info.path}?filter=equals(status,processing)`), 400);
    expectStatus(
      await conform(
        sim,
        list,
        `${info.path}?filter=${encodeURIComponent("less-than(created_at,2026-01-01T00:00:00Z)")}`,
      ),
      400,
    );
    expectStatus(await conform(sim, list, `${info.path}?page%5Bcursor%5D=garbled`), 400);
    expectStatus(await conform(sim, list, `${info.path}?fields%5B${info.jsonApiType}%5D=job_id`), 400);
    expectStatus(await conform(sim, list, `${info.path}?page%5Bsize%5D=10`), 400);
    expectStatus(await conform(sim, one, `${info.path}/${id}?include=${info.include ?? "items"}x`), 400);
    expectStatus(await conform(sim, list, info.path, { headers: { revision: null } }), 400);
    expectStatus(await conform(sim, list, info.path, { headers: { revision: "2026-7-15" } }), 400);
    expectStatus(await conform(sim, list, info.path, { headers: { authorization: null } }), 401);
    expectStatus(await conform(sim, list, info.path, { headers: { authorization: "Klaviyo-API-Key nope" } }), 401);
    expectStatus(await conform(frozenSimulator({ apiKey: "pk_only_this_one_1" }), list, info.path), 401);
    expectStatus(await conform(sim, one, `${info.path}/01ARZ3NDEKTSV4RRFFQ69G5FAV`), 404);
    expectStatus(
      await conform(sim, list, info.path, {
        headers: { revision: "2023-02-22", "x-klaviyo-revision-fall-forward-opt-out": "1" },
      }),
      410,
    );
    expectStatus(await conform(sim, spec.find("post", info.path), info.path, { method: "POST", body: "{}" }), 405);
    // Fall-forward answers in the modern shape, so they conform too.
    expectStatus(await conform(sim, one, `${info.path}/${id}/`, { headers: { revision: "2023-02-22" } }), 200);

    const limited = frozenSimulator();
    const path = `${info.path}/${id}?fields%5B${info.jsonApiType}%5D=status`;
    for (let i = 0; i < info.tier.burst; i++) await call(limited, path);
    expectStatus(await conform(limited, one, path, { sparse: new Set(["status"]) }), 429);

    const faulty = frozenSimulator();
    faulty.faults.set({ endpoint: type, kind: "throttle" });
    expectStatus(await conform(faulty, list, info.path), 429);
    faulty.faults.clear();
    for (const status of [500, 503] as const) {
      faulty.faults.set({ endpoint: type, kind: "status", status });
      expectStatus(await conform(faulty, list, info.path), status);
      expectStatus(await conform(faulty, one, `${info.path}/${id}`), status);
    }
  });

  it("keeps the deliberately non-JSON faults out of JSON:API: edge HTML pages and corrupted bodies", async () => {
    const sim = frozenSimulator();
    const path = JOB_TYPE_INFO["item-create"].path;
    const html = [
      { kind: "html403" as const, status: 403 },
      ...([502, 504, 524] as const).map((status) => ({ kind: "status" as const, status })),
    ];
    for (const rule of html) {
      sim.faults.set(
        rule.kind === "html403"
          ? { endpoint: "*", kind: "html403" }
          : { endpoint: "*", kind: "status", status: rule.status },
      );
      const answer = await call(sim, path);
      expect(answer.status).toBe(rule.status);
      expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
      expect(answer.json).toBeUndefined();
      sim.faults.clear();
    }
    for (const kind of ["malformed-json", "truncated-json"] as const) {
      sim.faults.set({ endpoint: "*", kind, remaining: 1 });
      const answer = await call(sim, path);
      expect(answer.json).toBeUndefined();
    }
  });

  it("validated a meaningful number of answers", () => {
    expect(checked).toBeGreaterThan(500);
  });
});
