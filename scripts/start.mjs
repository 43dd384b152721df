#!/usr/bin/env node
// `npm start`: validate the configuration, build once if there is no build, then serve on PORT
// (scripts/server.mjs: Next behind admission control, in this process).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });

const check = run(bin("tsx"), [join(root, "scripts", "check-env.ts")]);
if (check.status !== 0) process.exit(check.status ?? 1);

if (!existsSync(join(root, ".next", "BUILD_ID"))) {
  console.log("No production build found: building once (about a minute)…");
  const build = run(bin("next"), ["build"]);
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The .env files, read as check-env.ts and Next read them: PORT, HOST and the admission limits.
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
// Next reads NODE_ENV when it is loaded; `next start` serves production, and so does this.
process.env.NODE_ENV = "production";
const { serve } = await import("./server.mjs");
const stop = await serve({
  dir: root,
  port: Number(process.env.PORT?.trim() || "3000"),
  host: process.env.HOST?.trim() || "127.0.0.1",
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stop().then(() => process.exit(0));
  });
}
