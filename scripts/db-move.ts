/**
 * `npm run db:move`: copies the embedded store in DATA_DIR into the PostgreSQL server at
 * DATABASE_URL, then prints the row counts of both and exits 1 when they differ. Stop the dashboard
 * first (the embedded store's lock refuses the move otherwise). The password is never printed.
 */
import { loadEnvConfig } from "@next/env";
import { EnvError, loadEnv } from "../lib/env";
import { StoreLockedError } from "../lib/store/lock-file";
import { formatCounts, MoveError, moveStore } from "../lib/store/move";
import { StoreOpenError } from "../lib/store/open";

// Read .env files the way `next start` does, so the move sees the dashboard's configuration.
loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

async function main(): Promise<number> {
  const env = loadEnv();
  const report = await moveStore({
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    log: (line) => console.log(line),
  });
  console.log(`\n${formatCounts(report)}\n`);
  if (report.mismatches.length > 0) {
    console.error(
      `The counts differ in ${report.mismatches.map((count) => count.name).join(", ")}. If PostgreSQL held rows ` +
        "before the move, or a dashboard wrote to it meanwhile, that explains it; otherwise run the move again.",
    );
    return 1;
  }
  console.log(
    "Moved: every count matches. Set DATABASE_URL for the dashboard and start it; keep DATA_DIR as a backup.",
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof StoreLockedError)
      console.error(`Stop the dashboard before moving its store. ${error.message}`);
    else if ([EnvError, MoveError, StoreOpenError].some((kind) => error instanceof kind))
      console.error((error as Error).message);
    else console.error(error);
    process.exit(1);
  },
);
