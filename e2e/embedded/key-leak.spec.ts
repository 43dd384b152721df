import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { PLANTED_BUILD_KEY, PORTS } from "../../playwright.config";

/*
 * `npm test` builds with a planted KLAVIYO_API_KEY; no file the browser can load may contain it.
 * (The runtime side — responses, errors, logs — is covered by the proxy's unit tests.)
 */

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

test("the API key planted at build time is in no client asset", async () => {
  const assets = await files(join(".next", "static"));
  expect(assets.length).toBeGreaterThan(10);
  const leaking: string[] = [];
  for (const file of assets) {
    if ((await readFile(file, "utf8")).includes(PLANTED_BUILD_KEY)) leaking.push(file);
  }
  expect(leaking).toEqual([]);
});

test("pages and their scripts never carry the server's key", async ({ browser }) => {
  const seen: string[] = [];
  // The dashboard that holds a real-looking key (the "http" project's server).
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PORTS.http}` });
  const keyed = await context.newPage();
  keyed.on("response", async (response) => {
    const body = await response.text().catch(() => "");
    if (body.includes("pk_e2e_dashboard_key")) seen.push(response.url());
  });
  await keyed.goto("/jobs");
  await expect(keyed.getByTestId("job-row").first()).toBeVisible();
  await keyed.goto("/jobs?type=variant-create&status=complete");
  await expect(keyed.getByTestId("job-row").first()).toBeVisible();
  await keyed.waitForLoadState("networkidle");
  expect(seen).toEqual([]);
  await context.close();
});
