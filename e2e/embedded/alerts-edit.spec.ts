import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, gotoHydrated } from "../testing";

/*
 * Editing alert rules and channels on /alerts in a real browser (the embedded dashboard has no
 * ALERTS_SECRET_KEY, so its channel is email without a password; e2e/processes/alerts-edit keeps a
 * webhook's secrets). The form opens prefilled with the focus in it, saves with PUT, gives the focus
 * back to the Edit button, shows the server's reasons for bad input, and says when the row is gone.
 */

const MAIL = { kind: "email", host: "127.0.0.1", port: 2525, from: "d@example.com", to: ["o@example.com"] };

interface RuleView {
  id: string;
  name: string;
  params: Record<string, number>;
}

/**
 * The API, asked from the page once it is open: Playwright's request context reuses a keep-alive
 * socket the server may have closed meanwhile (ECONNRESET), which the browser retries on its own.
 */
async function api<T>(page: Page, method: string, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([method, path]) => {
      const response = await fetch(path!, { method });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    [method, path],
  );
}

async function makeChannelAndRule(page: Page, suffix: string) {
  const channel = await page.request.post("/api/alerts/channels", { data: { ...MAIL, name: `edit mail ${suffix}` } });
  expect(channel.status()).toBe(201);
  const channelId = ((await channel.json()) as { id: string }).id;
  const rule = await page.request.post("/api/alerts/rules", {
    data: { name: `Edit me ${suffix}`, kind: "failure_rate", threshold: 5, channels: [channelId] },
  });
  expect(rule.status()).toBe(201);
  return { channelId, rule: (await rule.json()) as RuleView };
}

test("a rule's threshold is edited in the form, kept after a reload, and bad input changes nothing", async ({
  page,
}) => {
  const suffix = String(Date.now());
  const { rule } = await makeChannelAndRule(page, suffix);
  await gotoHydrated(page, "/alerts");

  const edit = page.getByRole("button", { name: `Edit rule ${rule.name}` });
  await edit.click();
  const form = page.getByRole("form", { name: `Edit rule “${rule.name}”` });
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(rule.name);
  await expect(form.getByLabel("When")).toHaveValue("failure_rate");
  await expect(form.getByRole("spinbutton", { name: /Threshold/ })).toHaveValue("5");
  await expect(edit).toHaveAttribute("aria-expanded", "true");

  // Refused by the server's schema: its reason is shown beside the form, which stays open as typed.
  await form.getByRole("spinbutton", { name: /Threshold/ }).fill("150");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form.getByRole("alert")).toContainText("threshold must be at most 100");
  await expect(form.getByRole("spinbutton", { name: /Threshold/ })).toHaveValue("150");
  expect((await api<RuleView>(page, "GET", `/api/alerts/rules/${rule.id}`)).body.params.threshold).toBe(5);

  await form.getByRole("spinbutton", { name: /Threshold/ }).fill("12.5");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();
  await expect(edit).toHaveAttribute("aria-expanded", "false");

  await page.reload();
  const row = page.getByTestId("rule-row").filter({ hasText: rule.name });
  await expect(row).toContainText("above 12.5 %");
  await expect(
    page
      .getByRole("listitem")
      .filter({ hasText: `rule "${rule.name}"` })
      .first(),
  ).toContainText("threshold 5 → 12.5");

  // Cancel (here by keyboard) closes without a change and gives the focus back.
  await page.getByRole("button", { name: `Edit rule ${rule.name}` }).click();
  await page.keyboard.type(" renamed");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: `Edit rule “${rule.name}”` })).toBeHidden();
  await expect(page.getByRole("button", { name: `Edit rule ${rule.name}` })).toBeFocused();
  expect((await api<RuleView>(page, "GET", `/api/alerts/rules/${rule.id}`)).body.name).toBe(rule.name);
});

test("a rule deleted while its form is open: the save says so and the list drops it", async ({ page }) => {
  const suffix = String(Date.now());
  const { rule } = await makeChannelAndRule(page, suffix);
  await gotoHydrated(page, "/alerts");
  await page.getByRole("button", { name: `Edit rule ${rule.name}` }).click();
  expect((await api(page, "DELETE", `/api/alerts/rules/${rule.id}`)).status).toBe(204);
  await page
    .getByRole("form", { name: `Edit rule “${rule.name}”` })
    .getByRole("button", { name: "Save rule" })
    .click();
  const notice = page.getByRole("status").filter({ hasText: "was deleted meanwhile" });
  await expect(notice).toContainText(`The rule "${rule.name}" was deleted meanwhile`);
  await expect(notice).toBeFocused();
  await expect(page.getByTestId("rule-row").filter({ hasText: rule.name })).toHaveCount(0);
});

test("a channel is edited with its password left blank: the new settings are saved, the secret is as it was", async ({
  page,
}) => {
  const suffix = String(Date.now());
  const { channelId } = await makeChannelAndRule(page, suffix);
  const name = `edit mail ${suffix}`;
  const before = (await (await page.request.get(`/api/alerts/channels/${channelId}`)).json()) as { secret: string };
  await gotoHydrated(page, "/alerts");
  const edit = page.getByRole("button", { name: `Edit channel ${name}` });
  await edit.click();
  const form = page.getByRole("form", { name: `Edit channel “${name}”` });
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(form.getByLabel("SMTP server", { exact: true })).toHaveValue("127.0.0.1");
  await expect(form.getByRole("spinbutton", { name: "Port" })).toHaveValue("2525");
  await expect(form.getByRole("textbox", { name: /^To/ })).toHaveValue("o@example.com");
  await expect(form.getByLabel("Password")).toHaveValue("");
  await expectNoAxeViolations(page);
  await form.getByLabel("Name", { exact: true }).fill(`${name} b`);
  await form.getByRole("spinbutton", { name: "Port" }).fill("2526");
  await form.getByRole("button", { name: "Save channel" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole("button", { name: `Edit channel ${name} b` })).toBeFocused();

  const after = (await api<{ name: string; secret: string }>(page, "GET", `/api/alerts/channels/${channelId}`)).body;
  expect(after).toMatchObject({ name: `${name} b`, secret: before.secret, settings: { port: 2526 } });
  await page.reload();
  await expect(page.getByTestId("channel-row").filter({ hasText: `${name} b` })).toBeVisible();
  await expect(
    page
      .getByRole("listitem")
      .filter({ hasText: `channel "${name} b"` })
      .first(),
  ).toContainText("port 2525 → 2526");
});
