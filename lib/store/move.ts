/**
 * Moves the embedded store (PGlite in DATA_DIR) into a PostgreSQL server (`npm run db:move`).
 *
 * The embedded store's lock is taken first, so a dashboard still running on the folder makes the
 * move refuse rather than copy a store that is changing. Every table is copied in batches as upserts
 * keyed on its primary key, every column as PostgreSQL spells it (`to_jsonb` of the row, so
 * timestamps keep their microseconds), and a row is only written when it differs: a second run
 * writes nothing, and a run cut short is finished by running it again. The copy is then checked by
 * counting rows per table, and jobs per account and type, on both sides.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { type Db, describeDatabaseUrl, openStore, rowsOf, type Store } from "./open";
import { inProgressSamples, jobChanges, jobs, searchEntries, storeMeta } from "./schema";

export class MoveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MoveError";
  }
}

export interface MoveOptions {
  /** the embedded store's folder (DATA_DIR) */
  dataDir: string;
  /** the PostgreSQL server to move it into (DATABASE_URL) */
  databaseUrl: string | undefined;
  migrationsFolder?: string;
  /** rows per batch (default 500) */
  batchSize?: number;
  /** progress lines */
  log?: (line: string) => void;
  /** called after each batch is written; a throw here stops the copy (for tests of a cut-short run) */
  afterBatch?: (table: string, rowsSoFar: number) => void | Promise<void>;
}

export interface Count {
  /** a table, or `jobs <account> <type>` */
  name: string;
  embedded: number;
  postgres: number;
}

export interface MoveReport {
  /** rows read from the embedded store, per table */
  read: Record<string, number>;
  /** rows inserted or changed in PostgreSQL, per table (0 everywhere on a second run) */
  written: Record<string, number>;
  tables: Count[];
  jobsByAccountAndType: Count[];
  mismatches: Count[];
}

const TABLES: PgTable[] = [jobs, jobChanges, storeMeta, searchEntries, inProgressSamples];

interface Shape {
  name: string;
  columns: string[];
  key: string[];
}

function shapeOf(table: PgTable): Shape {
  const config = getTableConfig(table);
  const columns = config.columns.map((column) => column.name);
  const key =
    config.primaryKeys[0]?.columns.map((column) => column.name) ??
    config.columns.filter((column) => column.primary).map((column) => column.name);
  return { name: config.name, columns, key };
}

const ids = (names: string[]) =>
  sql.join(
    names.map((name) => sql.identifier(name)),
    sql`, `,
  );

/** The next batch after `after` (a row's key values, as text), in key order. */
function readBatch(db: Db, shape: Shape, after: string[] | null, size: number) {
  const table = sql.identifier(shape.name);
  const from: SQL = after
    ? sql`where (${ids(shape.key)}) > (${sql.join(
        after.map((value) => sql`${value}`),
        sql`, `,
      )})`
    : sql``;
  return rowsOf<{ row: Record<string, unknown> }>(
    db,
    sql`select to_jsonb(t) as row from ${table} t ${from} order by ${ids(shape.key)} limit ${size}`,
  );
}

/** Upserts rows (as `to_jsonb` gave them); returns how many were inserted or changed. */
async function writeBatch(db: Db, shape: Shape, rows: Record<string, unknown>[]): Promise<number> {
  const table = sql.identifier(shape.name);
  const rest = shape.columns.filter((name) => !shape.key.includes(name));
  const update =
    rest.length === 0
      ? sql`do nothing`
      : sql`do update set (${ids(rest)}) = row(${sql.join(
          rest.map((name) => sql`excluded.${sql.identifier(name)}`),
          sql`, `,
        )}) where ${table} is distinct from excluded`;
  const written = await rowsOf<{ one: number }>(
    db,
    sql`insert into ${table} (${ids(shape.columns)})
        select ${ids(shape.columns)} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(rows)}::jsonb)
        on conflict (${ids(shape.key)}) ${update} returning 1 as one`,
  );
  return written.length;
}

async function countRows(db: Db, name: string): Promise<number> {
  const rows = await rowsOf<{ n: string }>(db, sql`select count(*)::text as n from ${sql.identifier(name)}`);
  return Number(rows[0]?.n ?? 0);
}

async function countJobs(db: Db): Promise<Map<string, number>> {
  const rows = await rowsOf<{ account: string; type: string; n: string }>(
    db,
    sql`select account, type, count(*)::text as n from jobs group by account, type`,
  );
  return new Map(rows.map((row) => [`jobs ${row.account} ${row.type}`, Number(row.n)]));
}

/** Compares the two stores' row counts: per table, and jobs per account and type. */
async function compare(source: Db, target: Db): Promise<Omit<MoveReport, "read" | "written">> {
  const tables: Count[] = [];
  for (const table of TABLES) {
    const { name } = shapeOf(table);
    tables.push({ name, embedded: await countRows(source, name), postgres: await countRows(target, name) });
  }
  const left = await countJobs(source);
  const right = await countJobs(target);
  const jobsByAccountAndType = [...new Set([...left.keys(), ...right.keys()])]
    .sort()
    .map((name) => ({ name, embedded: left.get(name) ?? 0, postgres: right.get(name) ?? 0 }));
  const mismatches = [...tables, ...jobsByAccountAndType].filter((count) => count.embedded !== count.postgres);
  return { tables, jobsByAccountAndType, mismatches };
}

/** Refuses a DATA_DIR that holds no embedded store, before opening would create an empty one there. */
function checkSource(dataDir: string): void {
  const root = resolve(dataDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new MoveError(`DATA_DIR ${root} does not exist: there is no embedded store to move.`);
  }
  if (!existsSync(join(root, "pglite", "PG_VERSION"))) {
    throw new MoveError(`DATA_DIR ${root} holds no embedded store (no pglite folder in it): there is nothing to move.`);
  }
}

/** Removes the password of `url` from a message, should a driver ever repeat the URL. */
function withoutPassword(message: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join("***") : message;
  } catch {
    return message;
  }
}

export async function moveStore(options: MoveOptions): Promise<MoveReport> {
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 500;
  const url = options.databaseUrl;
  if (!url) throw new MoveError("DATABASE_URL is not set: name the PostgreSQL server to move the store into.");
  checkSource(options.dataDir);

  // The source first: its lock refuses the move while a dashboard runs on the folder.
  const source = await openStore({ dataDir: options.dataDir, migrationsFolder: options.migrationsFolder });
  let target: Store | undefined;
  try {
    try {
      target = await openStore({ databaseUrl: url, migrationsFolder: options.migrationsFolder, poolSize: 2 });
    } catch (error) {
      throw new MoveError(withoutPassword((error as Error).message, url), { cause: error });
    }
    log(`from ${source.where}`);
    log(`into ${describeDatabaseUrl(url)}`);
    const read: Record<string, number> = {};
    const written: Record<string, number> = {};
    for (const table of TABLES) {
      const shape = shapeOf(table);
      read[shape.name] = 0;
      written[shape.name] = 0;
      let after: string[] | null = null;
      for (;;) {
        const batch = await readBatch(source.db, shape, after, batchSize);
        if (batch.length === 0) break;
        const rows = batch.map((entry) => entry.row);
        written[shape.name]! += await writeBatch(target.db, shape, rows);
        read[shape.name]! += rows.length;
        const last = rows[rows.length - 1]!;
        after = shape.key.map((name) => String(last[name]));
        await options.afterBatch?.(shape.name, read[shape.name]!);
        if (batch.length < batchSize) break;
      }
      log(`${shape.name}: ${read[shape.name]} rows read, ${written[shape.name]} inserted or changed`);
    }
    return { read, written, ...(await compare(source.db, target.db)) };
  } finally {
    await target?.close().catch(() => {});
    await source.close();
  }
}

/** The counts as a table to print, mismatches marked. */
export function formatCounts(report: Pick<MoveReport, "tables" | "jobsByAccountAndType">): string {
  const rows = [...report.tables, ...report.jobsByAccountAndType];
  const width = Math.max(5, ...rows.map((row) => row.name.length));
  const line = (name: string, left: string, right: string, mark = "") =>
    `${name.padEnd(width)}  ${left.padStart(10)}  ${right.padStart(10)}${mark}`;
  return [
    line("rows", "embedded", "postgres"),
    ...rows.map((row) =>
      line(row.name, String(row.embedded), String(row.postgres), row.embedded === row.postgres ? "" : "  MISMATCH"),
    ),
  ].join("\n");
}
