/**
 * Opens the job-history store on either engine and brings its schema up to date:
 * - embedded (default): PGlite, Postgres compiled to WebAssembly, in a folder of its own; one
 *   process only (see lock-file.ts);
 * - DATABASE_URL: a PostgreSQL server that several instances share.
 * Migrations run at every start and are idempotent; on PostgreSQL they run under an advisory lock,
 * so instances starting together do not race. A store written by a newer release, or a folder
 * PGlite cannot open, is refused with a message that says what to do; it is never reset.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { Pool, type PoolClient } from "pg";
import { takeLock } from "./lock-file";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Engine = "embedded" | "postgres";

export interface Store {
  engine: Engine;
  db: Db;
  /** the folder, or the server's host, port and database (never its password) */
  where: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** a postgres:// URL; the embedded store when unset */
  databaseUrl?: string;
  /** the embedded store's folder (default ./.data) */
  dataDir?: string;
  /** where the migrations are (default lib/store/migrations under the working directory) */
  migrationsFolder?: string;
  /** PostgreSQL connections kept open by this process */
  poolSize?: number;
}

export class StoreOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreOpenError";
  }
}

/** An arbitrary constant: every instance of the dashboard takes this advisory lock to migrate. */
const MIGRATION_LOCK = 7_310_412_026;

const defaultMigrations = () => resolve(process.cwd(), "lib/store/migrations");

/** The newest migration this code knows (its `when`, as drizzle records it). */
function newestKnown(folder: string): { when: number; tag: string } {
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { when: number; tag: string }[];
  };
  return journal.entries.reduce((a, b) => (b.when > a.when ? b : a));
}

/** Rows of a raw query; both drivers answer `{ rows }`. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Refuses a store that a newer release has migrated past what this code knows. */
async function refuseNewer(db: Db, folder: string, where: string): Promise<void> {
  const table = await rowsOf<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table[0]?.present) return;
  const applied = await rowsOf<{ newest: string | null }>(
    db,
    sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
  );
  const newest = Number(applied[0]?.newest ?? 0);
  const known = newestKnown(folder);
  if (newest > known.when) {
    throw new StoreOpenError(
      `The store at ${where} was upgraded by a newer release of the dashboard than this one (its schema is ` +
        `newer than ${known.tag}). Run that release or a later one, or restore a backup made before the upgrade.`,
    );
  }
}

/** host:port/database of a PostgreSQL URL, without user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}`;
  } catch {
    return "the PostgreSQL server in DATABASE_URL";
  }
}

async function openPostgres(url: string, folder: string, poolSize: number): Promise<Store> {
  const where = describeDatabaseUrl(url);
  const pool = new Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle connection that breaks (server restart) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  const db = drizzlePostgres(pool, { schema }) as unknown as Db;
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreOpenError(`Cannot reach the store at ${where}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const locked = drizzlePostgres(client, { schema }) as unknown as Db;
    await refuseNewer(locked, folder, where);
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder: folder });
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`Cannot prepare the store at ${where}: ${(error as Error).message}`, { cause: error });
  }
  await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
  client.release();
  return { engine: "postgres", db, where, close: () => pool.end() };
}

async function openEmbedded(dataDir: string, folder: string): Promise<Store> {
  const root = resolve(dataDir);
  const where = join(root, "pglite");
  // PGlite does not create parent folders.
  mkdirSync(root, { recursive: true });
  const unlock = takeLock(join(root, "store.lock"));
  // However the process ends (Next exits on SIGTERM without waiting for anyone), the lock goes with it.
  process.once("exit", unlock);
  const release = () => {
    process.removeListener("exit", unlock);
    unlock();
  };
  let client: PGlite;
  try {
    // The write-ahead log would otherwise grow to ~700 MB; settings apply when the folder is created.
    // pg_trgm serves the search of error words; the engine has to load it before a migration creates it.
    client = await PGlite.create(where, {
      postgresqlconf: ["max_wal_size = '64MB'", "min_wal_size = '32MB'"],
      extensions: { pg_trgm },
    });
  } catch (error) {
    release();
    throw new StoreOpenError(
      `The embedded store in ${where} cannot be opened (${(error as Error).message}). It is left as it is: ` +
        "restore the folder from a backup, or move it aside to start an empty store.",
      { cause: error },
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  try {
    await refuseNewer(db, folder, where);
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: folder });
  } catch (error) {
    await client.close().catch(() => {});
    release();
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`Cannot prepare the embedded store in ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    engine: "embedded",
    db,
    where,
    close: async () => {
      await client.close().catch(() => {});
      release();
    },
  };
}

export async function openStore(options: OpenOptions = {}): Promise<Store> {
  const folder = options.migrationsFolder ?? defaultMigrations();
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, folder, options.poolSize ?? 10)
    : openEmbedded(options.dataDir ?? "./.data", folder);
}
