import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Runs the real eslint.config.mjs over snippets placed at (possibly non-existent) paths in the
// repository, so the layering rules are tested exactly as `npx eslint .` applies them.

const root = fileURLToPath(new URL("../..", import.meta.url));
const HOUSE_RULES = new Set(["import/no-restricted-paths", "layers/no-sibling-pages", "layers/no-server-in-browser"]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function houseMessages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`no lint result for ${file}`);
  const fatal = result.messages.filter((message) => message.fatal);
  expect(fatal, "the snippet must parse").toEqual([]);
  return result.messages.filter((message) => message.ruleId !== null && HOUSE_RULES.has(message.ruleId));
}

type Violation = { name: string; file: string; code: string; rule: string; says: string };
type Allowed = { name: string; file: string; code: string };

const violations: Violation[] = [
  // 1. lib/ ↛ components/, app/
  {
    name: "1: lib imports app via the alias",
    file: "lib/some-file.ts",
    code: 'import { Providers } from "@/app/providers";\nexport { Providers };\n',
    rule: "import/no-restricted-paths",
    says: "lib/ must not import app/",
  },
  {
    name: "1: lib imports components via a relative path, type-only",
    file: "lib/jobs/some-file.ts",
    code: 'import type { ReactNode } from "../../components/clock";\nexport type T = ReactNode;\n',
    rule: "import/no-restricted-paths",
    says: "lib/ must not import components/",
  },
  // 2. components/ ↛ app/
  {
    name: "2: components re-export from app",
    file: "components/some-file.tsx",
    code: 'export { RunCard } from "@/app/runs/run-card";\n',
    rule: "import/no-restricted-paths",
    says: "components/ must not import app/",
  },
  // 3. page folders ↛ sibling page folders
  {
    name: "3: app/runs imports app/jobs",
    file: "app/runs/some-file.tsx",
    code: 'import { Pagination } from "../jobs/pagination";\nexport { Pagination };\n',
    rule: "layers/no-sibling-pages",
    says: "app/runs/ must not import app/jobs/",
  },
  {
    name: "3: app/jobs dynamically imports app/runs",
    file: "app/jobs/[type]/[id]/some-file.tsx",
    code: 'export const load = () => import("@/app/runs/run-card");\n',
    rule: "layers/no-sibling-pages",
    says: "app/jobs/ must not import app/runs/",
  },
  {
    name: "3: app/api/runs imports app/api/jobs",
    file: "app/api/runs/some-file.ts",
    code: 'import { GET } from "@/app/api/jobs/route";\nexport { GET };\n',
    rule: "layers/no-sibling-pages",
    says: "app/api/runs/ must not import app/api/jobs/",
  },
  // 4. lib/klaviyo-simulator/ ↛ lib/klaviyo/
  {
    name: "4: the simulator imports the door",
    file: "lib/klaviyo-simulator/world/some-file.ts",
    code: 'import type { Door } from "../../klaviyo";\nexport type T = Door;\n',
    rule: "import/no-restricted-paths",
    says: "lib/klaviyo-simulator/ must not import lib/klaviyo/",
  },
  // 5. browser code ↛ server-only modules
  {
    name: '5: a "use client" file imports a .server module',
    file: "app/runs/some-file.tsx",
    code: '"use client";\nimport { readRuns } from "@/lib/runs/read.server";\nexport { readRuns };\n',
    rule: "layers/no-server-in-browser",
    says: "is server-only",
  },
  {
    name: "5: lib/queries imports lib/auth",
    file: "lib/queries/some-file.ts",
    code: 'import { readSession } from "../auth/session";\nexport { readSession };\n',
    rule: "layers/no-server-in-browser",
    says: "move the shared part to a module without server imports",
  },
  {
    name: '5: a "use client" component imports lib/klaviyo, "server-only" and node:',
    file: "components/some-file.tsx",
    code: '"use client";\nimport "server-only";\nimport fs from "node:fs";\nexport const load = () => import("@/lib/klaviyo");\nexport { fs };\n',
    rule: "layers/no-server-in-browser",
    says: "Browser code",
  },
];

const allowed: Allowed[] = [
  {
    name: "1: lib imports lib",
    file: "lib/some-file.ts",
    code: 'import { formatCount } from "@/lib/format";\nimport { JOB_TYPES } from "./job-types";\nexport { formatCount, JOB_TYPES };\n',
  },
  {
    name: "2: components import lib",
    file: "components/some-file.tsx",
    code: 'import { formatCount } from "@/lib/format";\nexport { formatCount };\n',
  },
  {
    name: "3: app/runs imports components, lib and its own folder",
    file: "app/runs/some-file.tsx",
    code: 'import { Clock } from "@/components/clock";\nimport { RunCard } from "./run-card";\nimport { formatCount } from "@/lib/format";\nexport { Clock, RunCard, formatCount };\n',
  },
  {
    name: "3: app/api/runs imports its own folder",
    file: "app/api/runs/errors/some-file.ts",
    code: 'import { GET } from "../route";\nexport { GET };\n',
  },
  {
    name: "4: the door imports the simulator",
    file: "lib/klaviyo/some-file.ts",
    code: 'import * as simulator from "@/lib/klaviyo-simulator";\nexport { simulator };\n',
  },
  {
    name: '5: a "use client" file may `import type` from a .server module',
    file: "app/runs/some-file.tsx",
    code: '"use client";\nimport type { RunsPage } from "@/lib/runs/read.server";\nexport type T = RunsPage;\n',
  },
  {
    name: "5: a server page imports lib/klaviyo",
    file: "app/jobs/some-page.tsx",
    code: 'import { getDoor } from "@/lib/klaviyo";\nimport "server-only";\nexport { getDoor };\n',
  },
  {
    name: '5: a "use client" test file may import node: built-ins',
    file: "components/some-file.test.tsx",
    code: '"use client";\nimport fs from "node:fs";\nexport { fs };\n',
  },
  {
    name: "e2e/ is outside the rules",
    file: "e2e/some-file.ts",
    code: 'import { Providers } from "@/app/providers";\nexport { Providers };\n',
  },
];

describe("house layering rules", () => {
  it.each(violations)("fails: $name", async ({ file, code, rule, says }) => {
    const messages = await houseMessages(file, code);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.ruleId).toBe(rule);
      expect(message.severity).toBe(2);
      expect(message.message).toContain(says);
    }
  });

  it.each(allowed)("passes: $name", async ({ file, code }) => {
    expect(await houseMessages(file, code)).toEqual([]);
  });

  it('reports every server-only import of a "use client" file, each with the fix', async () => {
    const messages = await houseMessages(
      "components/some-file.tsx",
      '"use client";\nimport "server-only";\nimport fs from "node:fs";\nimport { type X } from "@/lib/auth/session";\nexport const load = () => import("@/lib/klaviyo");\nexport type T = X;\nexport { fs };\n',
    );
    expect(messages.map((message) => message.line)).toEqual([2, 3, 4, 5]);
    for (const message of messages) {
      expect(message.message).toMatch(
        /^Browser code \("use client"\) must not import server code: ".+" is server-only/,
      );
      expect(message.message).toContain("move the shared part to a module without server imports");
    }
  });
});
