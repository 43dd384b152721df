#!/usr/bin/env node
// Makes sure a Chromium exists for the end-to-end tests: Playwright's own, or Debian's `chromium`.
// Installs Debian's package when it is missing and we are root; otherwise says what to install.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM = "/usr/bin/chromium";
const bundled = (() => {
  try {
    return chromium.executablePath();
  } catch {
    return "";
  }
})();

if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || (bundled && existsSync(bundled)) || existsSync(SYSTEM))
  process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (isRoot && existsSync("/usr/bin/apt-get")) {
  console.log("Chromium is missing: installing Debian's chromium package…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  process.exit(existsSync(SYSTEM) ? 0 : 1);
}

console.error(
  [
    "The end-to-end tests need Chromium, and none was found.",
    "Install one of:",
    "  - Debian/Ubuntu: sudo apt-get install --no-install-recommends chromium",
    "  - Playwright's own browser: npx playwright install chromium",
    "  - or point PLAYWRIGHT_CHROMIUM_EXECUTABLE at a Chromium binary.",
  ].join("\n"),
);
process.exit(1);
