import { describe, expect, it } from "vitest";
import { toCsv } from "@/lib/export/export-file";
import type { Job, JobError } from "@/lib/types";
import { errorRefsOf, exportRows, groupErrors, matchGroups } from "./error-groups";
import { formatErrorPointer } from "./error-pointer";

let n = 0;
const err = (code: string, title: string, index: number | null, field: string | null): JobError => ({
  id: `e${++n}`,
  code,
  title,
  detail: `${title} (entry ${index})`,
  pointer: index === null ? "/data" : formatErrorPointer(index, field ?? "id"),
});
const job = (id: string, errors: JobError[]): Pick<Job, "type" | "id" | "errors"> => ({
  type: "item-create",
  id,
  errors,
});

describe("groupErrors", () => {
  const a = job("A", [
    err("invalid", "Invalid price", 3, "price"),
    err("invalid", "Invalid price", 7, "price"),
    err("invalid", "Invalid URL", 9, "url"),
    err("duplicate", "Duplicate external id", 12, "external_id"),
  ]);
  const b = job("B", [err("invalid", "Invalid price", 0, "price"), err("server_error", "Internal error", null, null)]);
  const refs = [...errorRefsOf(a), ...errorRefsOf(b)];

  it("reads the payload index and field from each pointer", () => {
    expect(refs[0]).toMatchObject({ jobId: "A", index: 3, field: "price" });
    expect(refs.at(-1)).toMatchObject({ jobId: "B", index: null, field: null });
  });

  it("groups by code + title + field, largest first, with shares and affected jobs", () => {
    const groups = groupErrors(refs, 10);
    expect(groups.map((g) => [g.code, g.field, g.count])).toEqual([
      ["invalid", "price", 3],
      ["duplicate", "external_id", 1],
      ["invalid", "url", 1],
      ["server_error", null, 1],
    ]);
    expect(groups[0]!.share).toBeCloseTo(0.3);
    expect(groups[0]!.jobIds).toEqual(["A", "B"]);
    expect(groups.reduce((sum, g) => sum + g.count, 0)).toBe(refs.length);
  });

  it("never reports a share above 1 when failed_count lags the errors", () => {
    const groups = groupErrors(refs, 2);
    expect(Math.max(...groups.map((g) => g.share))).toBeLessThanOrEqual(1);
  });

  it("filters groups by code and field as a deep link does", () => {
    const groups = groupErrors(refs, 6);
    expect(matchGroups(groups, { code: "invalid", field: "url" }).map((g) => g.title)).toEqual(["Invalid URL"]);
    expect(matchGroups(groups, { code: "invalid" })).toHaveLength(2);
  });

  it("exports one CSV row per failed entry, formulas defused", () => {
    const hostile = job("C", [
      { id: "x", code: "invalid", title: '=HYPERLINK("evil")', detail: "d", pointer: formatErrorPointer(1, "title") },
    ]);
    const rows = exportRows([...refs, ...errorRefsOf(hostile)]);
    const csv = toCsv(rows, ["job_id", "payload_index", "field", "code", "title", "detail"]);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("job_id,payload_index,field,code,title,detail");
    expect(lines).toHaveLength(1 + refs.length + 1);
    expect(lines[1]).toBe("A,3,price,invalid,Invalid price,Invalid price (entry 3)");
    expect(lines.at(-1)).toContain("'=HYPERLINK");
  });
});
