/**
 * For tests: the store on both engines. The embedded one in a temporary folder; PostgreSQL in a
 * database of its own, created on the server named by TEST_DATABASE_URL (`.ci/run` starts one) and
 * dropped afterwards. Without TEST_DATABASE_URL the PostgreSQL half is skipped.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";
import { type OpenOptions, openStore, type Store } from "./open";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TestEngine {
  name: "embedded" | "postgres";
  /** skipped when the engine is not available here */
  available: boolean;
  /** a new, empty place for a store: a folder or a database; `open` opens a store there */
  place(): Promise<TestPlace>;
}

export interface TestPlace {
  options: OpenOptions;
  open(extra?: Partial<OpenOptions>): Promise<Store>;
  /** removes the folder or drops the database (stores opened there must be closed first) */
  remove(): Promise<void>;
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const ENGINES: TestEngine[] = [
  {
    name: "embedded",
    available: true,
    async place() {
      const dataDir = mkdtempSync(join(tmpdir(), "kbj-store-"));
      const options = { dataDir };
      return {
        options,
        open: (extra) => openStore({ ...options, ...extra }),
        remove: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    available: Boolean(TEST_DATABASE_URL),
    async place() {
      const name = `kbj_test_${randomBytes(6).toString("hex")}`;
      await admin((client) => client.query(`create database ${name}`));
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const options = { databaseUrl: url.toString(), poolSize: 4 };
      return {
        options,
        open: (extra) => openStore({ ...options, ...extra }),
        remove: () => admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
      };
    },
  },
];

/**
 * A store of its own for one describe block on `engine`: opened before its tests (and handed to
 * `opened`, with its place for a second connection), closed and removed after them. Nothing happens
 * on an engine that is not available here; the block's tests skip themselves.
 */
export function storeForSuite(
  engine: TestEngine,
  opened: (it: { place: TestPlace; store: Store }) => void,
  timeoutMs = 60_000,
): void {
  let place: TestPlace | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
    opened({ place, store });
  }, timeoutMs);
  afterAll(async () => {
    await store?.close();
    await place?.remove();
  }, timeoutMs);
}
