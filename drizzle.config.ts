import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a migration for each change to lib/store/schema.ts; no database needed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/store/schema.ts",
  out: "./lib/store/migrations",
});
