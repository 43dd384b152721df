import { fileURLToPath } from "node:url";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import layers from "./scripts/eslint/layers.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));

// The house layout ("rooms that stay rooms"): app → components → lib, and inside lib:
// everything → lib/klaviyo (the server-only door to Klaviyo) → lib/klaviyo-simulator.
// Nothing reaches upward. e2e/ and scripts/ are outside the rules.
// Imports resolve through eslint-config-next's import resolvers (node + typescript, which reads
// the "@/*" alias from tsconfig.json); `import type` counts as a dependency here.
const layerOptions = { root, alias: { "@/": "./" } }; // mirrors tsconfig "paths": {"@/*": ["./*"]}

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    name: "house/layers",
    files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    ignores: ["e2e/**", "scripts/**"],
    plugins: { layers },
    rules: {
      // Rules 1, 2 and 4 of the house.
      "import/no-restricted-paths": [
        "error",
        {
          basePath: root,
          zones: [
            {
              target: "lib",
              from: "components",
              message: "lib/ must not import components/: move the shared code into lib/.",
            },
            { target: "lib", from: "app", message: "lib/ must not import app/: move the shared code into lib/." },
            {
              target: "components",
              from: "app",
              message: "components/ must not import app/: move the shared code into components/ or lib/.",
            },
            {
              target: "lib/klaviyo-simulator",
              from: "lib/klaviyo",
              message:
                "lib/klaviyo-simulator/ must not import lib/klaviyo/: the simulator stands in for Klaviyo and must not depend on the dashboard's door — move the shared code into lib/klaviyo-simulator/ or a neutral lib/ module.",
            },
          ],
        },
      ],
      // Rule 3: page folders (and API route folders) do not import each other.
      "layers/no-sibling-pages": ["error", layerOptions],
      // Rule 5: browser code does not import server-only modules (`import type` is fine).
      "layers/no-server-in-browser": ["error", layerOptions],
    },
  },
  {
    name: "house/layers-tests",
    files: ["**/*.test.{ts,tsx}"],
    rules: { "layers/no-server-in-browser": "off" },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "reports/**",
  ]),
]);
