import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, gotoHydrated } from "../testing";

/*
 * The header's one box and the search of the job history the collector fills: a SKU that failed in a
 * seeded sync (its error quotes it) leads from the box to the results, from a result to the job page
 * opened on that entry's error group, and to the SKU's own page, whose jobs are newest first.
 */

// The first test waits for the collector's first pass over the seeded history (a minute on a busy machine).
test.describe.configure({ timeout: 120_000 });

interface Hit {
  type: string;
  jobId: string;
  label: string;
  code: string | null;
  field: string | null;
  detail: string | null;
  outcome: string;
}

/** A SKU a seeded job failed on as a duplicate: the history indexes it from the error's detail. */
async function failedSku(page: Page): Promise<{ sku: string; hits: Hit[] }> {
  let found: { sku: string; hits: Hit[] } | null = null;
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/search?q=duplicate");
        if (!response.ok()) return null;
        const body = (await response.json()) as { groups: { group: string; results: Hit[] }[] };
        const codes = body.groups.find((group) => group.group === "codes")?.results ?? [];
        const quoted = codes.map((hit) => /external_id '([^']+)'/.exec(hit.detail ?? "")?.[1]).find(Boolean);
        if (!quoted) return null;
        const skus = (await (await page.request.get(`/api/skus/${encodeURIComponent(quoted)}`)).json()) as {
          results: Hit[];
        };
        found = { sku: quoted, hits: skus.results };
        return skus.results.some((hit) => hit.outcome === "failed");
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe(true);
  return found!;
}

test("a SKU typed in the header box leads to its results, then to the job opened on its error group", async ({
  page,
}) => {
  await gotoHydrated(page, "/jobs");
  const { sku, hits } = await failedSku(page);
  const failed = hits.find((hit) => hit.outcome === "failed")!;

  const box = page.getByLabel("Find a job by id or link, a SKU, or error words");
  // The scripted box (it says what it does in a status line) replaces the plain form once the URL is read.
  await expect(box).toHaveAttribute("aria-describedby", "find-job-status");
  await box.fill(sku);
  await box.press("Enter");
  await expect(page).toHaveURL(`/search?q=${encodeURIComponent(sku).replace(/%20/g, "+")}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Search: ${sku}`);
  const group = page.getByRole("region", { name: /SKUs and external ids/ });
  const result = group.getByRole("link", { name: `${sku}: failed (${failed.code} · ${failed.field})` }).first();
  await expect(result).toBeVisible();

  // The URL reopens the same results, rendered on the server.
  await page.reload();
  await expect(result).toBeVisible();

  await result.click();
  // The job page asks Klaviyo for the job: on a loaded machine that takes a while.
  await expect(page).toHaveURL(
    new RegExp(`/jobs/${failed.type}/${failed.jobId}\\?tab=errors&code=${failed.code}&field=${failed.field}$`),
    { timeout: 30_000 },
  );
  const opened = page.locator(`[data-testid=error-group][data-code="${failed.code}"][data-field="${failed.field}"]`);
  await expect(opened).toHaveAttribute("data-selected", "true");
  await expect(page.getByTestId("error-row").filter({ hasText: sku }).first()).toBeVisible();
});

test("a SKU's own page lists the jobs that touched it, newest first, and reopens from its URL", async ({ page }) => {
  await gotoHydrated(page, "/jobs");
  const { sku } = await failedSku(page);
  await gotoHydrated(page, `/search?q=${encodeURIComponent(sku)}`);
  await page
    .getByRole("link", { name: `every job of ${sku}` })
    .first()
    .click();
  await expect(page).toHaveURL(`/skus/${encodeURIComponent(sku)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`SKU ${sku}`);
  const results = page.getByTestId("search-result");
  await expect(results.first()).toBeVisible();
  const times = await results.locator("time").evaluateAll((els) => els.map((el) => el.getAttribute("datetime")!));
  expect(times.length).toBeGreaterThan(0);
  expect(times).toEqual([...times].sort().reverse());
  await expect(results.first()).toContainText(/in Klaviyo|only in the history/);
  await expectNoAxeViolations(page);
});

test("a SKU with a space, a slash and a non-ASCII letter is one path segment, decoded once", async ({ page }) => {
  const odd = "SKU 12/β";
  const api = (await (await page.request.get(`/api/skus/${encodeURIComponent(odd)}`)).json()) as { sku: string };
  expect(api.sku).toBe(odd);
  await gotoHydrated(page, `/skus/${encodeURIComponent(odd)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`SKU ${odd}`);
});

test("bad search input in the URL says what is wrong; the box refuses empty text in place", async ({ page }) => {
  await gotoHydrated(page, `/search?q=${"x".repeat(201)}`);
  await expect(page.getByText(/at most 200 characters/)).toBeVisible();
  await gotoHydrated(page, "/search?q=SKU-1&cursor=not-a-token");
  await expect(page.getByText(/page token/)).toBeVisible();
  const response = await page.request.get("/api/search?q=");
  expect(response.status()).toBe(400);
  expect((await response.json()).error.code).toBe("bad_request");

  await gotoHydrated(page, "/jobs");
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page.getByTestId("find-job-status")).toHaveText(/type something to search for/);
  await expect(page).toHaveURL(/\/jobs$/);
});

test("the search page fits a phone without scrolling sideways, in light and dark", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { sku } = await (async () => {
    await gotoHydrated(page, "/jobs");
    return failedSku(page);
  })();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await gotoHydrated(page, `/search?q=${encodeURIComponent(sku)}`);
    await expect(page.getByTestId("search-result").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  }
});
