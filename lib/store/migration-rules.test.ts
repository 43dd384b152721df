import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Allowance, breakingStatements, checkMigrations } from "./migration-rules";

const FOLDER = join(__dirname, "migrations");
const ALLOWED = (
  JSON.parse(readFileSync(join(__dirname, "migrations-allowed.json"), "utf8")) as { allowed: Allowance[] }
).allowed;

describe("the store's migrations", () => {
  it("only add, unless a statement is allowed with the release that stopped using what it removes", () => {
    const migrations = readdirSync(FOLDER)
      .filter((name) => name.endsWith(".sql"))
      .map((name) => ({ name, sql: readFileSync(join(FOLDER, name), "utf8") }));
    expect(migrations.length).toBeGreaterThan(0);
    expect(checkMigrations(migrations, ALLOWED)).toEqual([]);
  });
});

describe("finding statements that break the previous release", () => {
  const breaks = (text: string) => breakingStatements(text).flatMap((finding) => finding.breaks);

  it.each([
    ['DROP TABLE "store_meta" CASCADE;', "DROP TABLE"],
    ["drop view if exists job_view;", "DROP VIEW"],
    ['DROP TYPE "public"."job_status";', "DROP TYPE"],
    ['ALTER TABLE "jobs" DROP COLUMN "pinned";', "DROP COLUMN"],
    ['ALTER TABLE "jobs" DROP "pinned";', "DROP COLUMN"],
    ['ALTER TABLE "jobs" RENAME COLUMN "pinned" TO "kept";', "RENAME"],
    ['ALTER TABLE "jobs" RENAME TO "bulk_jobs";', "RENAME"],
    ["ALTER TYPE job_status RENAME VALUE 'queued' TO 'waiting';", "RENAME"],
    ['ALTER TABLE "jobs" ALTER COLUMN "total_count" SET DATA TYPE bigint;', "ALTER COLUMN TYPE"],
    ["alter table jobs alter total_count type bigint using total_count::bigint;", "ALTER COLUMN TYPE"],
    ['ALTER TABLE "jobs" ALTER COLUMN "completed_at" SET NOT NULL;', "SET NOT NULL"],
    ['ALTER TABLE "jobs" ALTER COLUMN "pinned" DROP DEFAULT;', "DROP DEFAULT"],
    ['ALTER TABLE "jobs" ADD COLUMN "source" text NOT NULL;', "ADD COLUMN NOT NULL without DEFAULT"],
    ['ALTER TABLE "jobs" ADD "source" text NOT NULL;', "ADD COLUMN NOT NULL without DEFAULT"],
    ["TRUNCATE job_changes;", "TRUNCATE"],
  ])("%s", (statement, expected) => {
    expect(breaks(statement)).toEqual([expected]);
  });

  it("leaves statements that only add alone", () => {
    const additive = [
      'CREATE TABLE "runs" ("id" text PRIMARY KEY NOT NULL, "name" text NOT NULL);',
      'ALTER TABLE "jobs" ADD COLUMN "source" text;',
      'ALTER TABLE "jobs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;',
      'ALTER TABLE "jobs" ADD COLUMN "total" integer GENERATED ALWAYS AS (completed_count + failed_count) STORED NOT NULL;',
      'ALTER TABLE "jobs" ALTER COLUMN "completed_at" DROP NOT NULL;',
      'ALTER TABLE "jobs" ALTER COLUMN "pinned" SET DEFAULT true;',
      'ALTER TABLE "jobs" ADD CONSTRAINT "jobs_total_positive" CHECK (total_count >= 0) NOT VALID;',
      'ALTER TABLE "jobs" DROP CONSTRAINT "jobs_total_positive";',
      'CREATE INDEX "jobs_by_status" ON "jobs" USING btree ("status");',
      'DROP INDEX "jobs_by_status";',
      "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
      "UPDATE store_meta SET value = '{}'::jsonb WHERE key = 'x';",
    ].join("\n--> statement-breakpoint\n");
    expect(breakingStatements(additive)).toEqual([]);
  });

  it("reads keywords only where they are keywords, not in strings, names or comments", () => {
    const text = [
      "-- DROP TABLE jobs; is what we will not do",
      "/* ALTER TABLE jobs DROP COLUMN pinned; */",
      `ALTER TABLE "jobs" ADD COLUMN "rename_count" integer DEFAULT 0 NOT NULL;`,
      `ALTER TABLE "jobs" ADD COLUMN "drop reason" text;`,
      `INSERT INTO store_meta (key, value, updated_at) VALUES ('note; DROP TABLE jobs', '"x"', now());`,
      "CREATE FUNCTION f() RETURNS void AS $$ BEGIN DROP TABLE jobs; END $$ LANGUAGE plpgsql;",
    ].join("\n");
    expect(breakingStatements(text)).toEqual([]);
  });

  it("names each breaking statement as written, one per statement, among several", () => {
    const text = [
      'CREATE TABLE "runs" ("id" text PRIMARY KEY NOT NULL);',
      '--> statement-breakpoint\nALTER TABLE "jobs"\n\tDROP COLUMN "pinned",\n\tADD COLUMN "kept" boolean NOT NULL;',
      '--> statement-breakpoint\nDROP TABLE "store_meta";',
    ].join("\n");
    expect(breakingStatements(text)).toEqual([
      {
        statement: 'ALTER TABLE "jobs" DROP COLUMN "pinned", ADD COLUMN "kept" boolean NOT NULL',
        breaks: ["DROP COLUMN", "ADD COLUMN NOT NULL without DEFAULT"],
      },
      { statement: 'DROP TABLE "store_meta"', breaks: ["DROP TABLE"] },
    ]);
  });
});

describe("the allow-list", () => {
  const migration = {
    name: "0003_drop_legacy.sql",
    sql: 'ALTER TABLE "jobs" ADD COLUMN "kept" boolean;\n--> statement-breakpoint\nALTER TABLE "jobs" DROP COLUMN "legacy";',
  };
  const allowance: Allowance = {
    migration: "0003_drop_legacy.sql",
    statement: 'ALTER TABLE "jobs"   DROP COLUMN "legacy";',
    reason: "0.2.0 stopped reading and writing jobs.legacy",
  };

  it("refuses a breaking statement it does not list, saying what to do", () => {
    const problems = checkMigrations([migration], []);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/0003_drop_legacy\.sql: "ALTER TABLE "jobs" DROP COLUMN "legacy"" \(DROP COLUMN\)/);
    expect(problems[0]).toMatch(/migrations-allowed\.json/);
  });

  it("accepts a listed statement whose reason names a release", () => {
    expect(checkMigrations([migration], [allowance])).toEqual([]);
  });

  it("refuses a reason without a release, a listing for another migration, and a listing that matches nothing", () => {
    expect(checkMigrations([migration], [{ ...allowance, reason: "nobody reads it" }])).toEqual([
      expect.stringMatching(/names no release/),
    ]);
    const elsewhere = checkMigrations([migration], [{ ...allowance, migration: "0004_other.sql" }]);
    expect(elsewhere).toEqual([expect.stringMatching(/would break/), expect.stringMatching(/matches no statement/)]);
  });
});
