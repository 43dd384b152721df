import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { type Receiver, startReceiver } from "../../lib/alerts/testing";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * A webhook channel edited in the browser with its URL and signing secret left blank, on a dashboard
 * with ALERTS_SECRET_KEY: the secrets are kept (the masked view is as it was) and "Send a test"
 * still reaches the receiver, signed with the original secret. Rows from ALERTS_FILE have no Edit
 * button and say why.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");
test.use({ actionTimeout: 30_000 });

test("a webhook edited with its secrets left blank keeps them: a test is still signed and delivered", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const signing = `whsec_${randomBytes(32).toString("base64")}`;
  const webhook: Receiver = await startReceiver(signing);
  const folder = mkdtempSync(join(tmpdir(), "kbj-alerts-edit-"));
  const alertsFile = join(folder, "alerts.yaml");
  writeFileSync(
    alertsFile,
    [
      "channels:",
      "  - name: file slack",
      "    kind: slack",
      "    url: ${FILE_SLACK_URL}",
      "rules:",
      "  - name: From the file",
      "    kind: run_finished",
      "    channels: [file slack]",
      "",
    ].join("\n"),
  );
  let dashboard: Running | null = null;
  try {
    dashboard = await startDashboard({
      KLAVIYO_API_KEY: "",
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
      DATA_DIR: join(folder, "data"),
      ALERTS_SECRET_KEY: randomBytes(32).toString("hex"),
      ALERTS_FILE: alertsFile,
      FILE_SLACK_URL: "https://hooks.example.com/services/file",
      COLLECTOR: "off",
    });
    const api = `${dashboard.url}/api/alerts/channels`;
    const made = await page.request.post(api, {
      data: { kind: "webhook", name: "ops hook", url: webhook.url, signingSecret: signing },
    });
    expect(made.status()).toBe(201);
    const channel = (await made.json()) as { id: string; secret: string };

    await page.goto(`${dashboard.url}/alerts`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    // ALERTS_FILE's rows: no Edit, and a note saying where they change.
    await expect(page.getByTestId("channel-row").filter({ hasText: "file slack" })).toContainText(
      "Read-only: change it in ALERTS_FILE.",
    );
    await expect(page.getByTestId("rule-row").filter({ hasText: "From the file" })).toContainText(
      "Read-only: change it in ALERTS_FILE.",
    );
    await expect(page.getByRole("button", { name: /^Edit (channel file slack|rule From the file)$/ })).toHaveCount(0);

    await page.getByRole("button", { name: "Edit channel ops hook" }).click();
    const form = page.getByRole("form", { name: "Edit channel “ops hook”" });
    await expect(form.getByLabel("URL")).toHaveValue("");
    await expect(form.getByLabel("Signing secret")).toHaveValue("");
    await form.getByLabel("Name", { exact: true }).fill("ops hook renamed");
    await form.getByRole("button", { name: "Save channel" }).click();
    await expect(form).toBeHidden();

    // Asked from the page: the browser retries a keep-alive socket the server closed meanwhile.
    const read = <T>(path: string) => page.evaluate(async (url) => (await fetch(url)).json(), path) as Promise<T>;
    const after = await read<{ name: string; secret: string }>(`/api/alerts/channels/${channel.id}`);
    expect(after).toEqual(expect.objectContaining({ name: "ops hook renamed", secret: channel.secret }));
    await page.getByRole("button", { name: "Send a test to ops hook renamed" }).click();
    const [delivered] = await webhook.waitFor(1, 60_000);
    expect(delivered!.verified).toBe(true);
    const changes = await read<{ changes: { action: string; summary: string }[] }>("/api/alerts/history");
    const logged = changes.changes.find((change) => change.action === "updated");
    expect(logged?.summary).toBe('webhook channel "ops hook renamed": name "ops hook" → "ops hook renamed"');
    expect(JSON.stringify(changes)).not.toContain(signing);
  } finally {
    await dashboard?.stop();
    await webhook.close();
  }
});
