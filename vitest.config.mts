import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: [
      "lib/**/*.test.{ts,tsx}",
      "app/**/*.test.{ts,tsx}",
      "components/**/*.test.{ts,tsx}",
      "scripts/**/*.test.{ts,tsx}",
    ],
    environment: "node", // component tests opt in with `// @vitest-environment jsdom`
    testTimeout: 20_000,
    // Request and upstream log lines stay out of test output; tests that read them use captureLogs().
    env: { LOG_LEVEL: "silent" },
  },
});
