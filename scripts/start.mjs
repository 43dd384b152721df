#!/usr/bin/env node
// `npm start`: validate the configuration, build once if there is no build, then serve on PORT.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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

const port = process.env.PORT?.trim() || "3000";
const host = process.env.HOST?.trim() || "127.0.0.1";
const server = spawn(
  process.execPath,
  [join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", port, "-H", host],
  {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
