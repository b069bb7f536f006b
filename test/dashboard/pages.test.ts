import { readFile } from "node:fs/promises";
import { insertProxies } from "@sieve/test-support";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardStack, signInThroughPage, startDashboardStack } from "./support/dashboard-stack.ts";
import { expectCount, expectExactText, expectText } from "./support/locator-expect.ts";
import { inspectPage } from "./support/page-checks.ts";

/**
 * Every page, as a signed-out visitor and as a signed-in premium admin: a screenshot kept under
 * test-artifacts/dashboard/, no "undefined"/"NaN"/raw keys in the visible text, no serious or
 * critical axe-core violation, and every control reachable with Tab.
 */

let stack: DashboardStack;
let visitor: Page;
let admin: Page;
let jobId: string;
let keySecret: string;

beforeAll(async () => {
  stack = await startDashboardStack({ CHECK_ALLOW_CIDRS: "127.0.0.0/8" });
  await insertProxies(stack.database.pool, [
    { host: "192.0.2.10", port: 8080, protocol: "http", country: "US", anonymity: "elite", latencyMs: 120 },
    { host: "198.51.100.7", port: 1080, protocol: "socks5", country: "DE", anonymity: null, latencyMs: null },
    {
      host: "203.0.113.5",
      port: 3128,
      protocol: "https",
      pool: "premium",
      country: "FR",
      anonymity: "anonymous",
    },
  ]);
  const account = await stack.createVerifiedAccount("pages");
  await stack.database.prisma.account.update({
    where: { id: account.id },
    data: { role: "admin", premiumUntil: new Date(Date.now() + 30 * 86_400_000) },
  });
  const http = stack.http();
  await http.signIn(account.email, account.password);
  keySecret = (await http.json<{ secret: string }>("POST", "/keys", { name: "ci runner", expires_days: 90 }))
    .secret;
  // No worker runs here: the job stays queued, which is a state the page must show too.
  jobId = (await http.json<{ job_id: string }>("POST", "/check", { proxies_text: "127.0.0.1:9\n" })).job_id;
  await http.json("POST", "/admin/sources", { url: "http://192.0.2.80/list.txt", interval_minutes: 30 });
  await http.json("POST", "/admin/pool", { lines: "203.0.113.9:1080\n" });

  visitor = (await stack.newPage()).page;
  admin = (await stack.newPage()).page;
  await signInThroughPage(admin, account.email, account.password);
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

interface PageCase {
  name: string;
  as: "visitor" | "admin";
  /** A function where the path is known only once the stage is up. */
  path: string | (() => string);
  /** Waits for what shows the page has loaded; may interact first. */
  ready(page: Page): Promise<void>;
}

type Shown = (page: Page) => Locator;
/** A page that has loaded once `shown` is on it, after what a visitor does first (`first`), if anything. */
const showing = (
  name: string,
  as: PageCase["as"],
  path: PageCase["path"],
  shown: Shown,
  first?: (page: Page) => Promise<void>,
): PageCase => ({
  name,
  as,
  path,
  async ready(page) {
    await first?.(page);
    await shown(page).waitFor();
  },
});
const cell =
  (name: string, exact?: boolean): Shown =>
  (page) =>
    page.getByRole("cell", { name, exact });
const button =
  (name: string): Shown =>
  (page) =>
    page.getByRole("button", { name });
const click = (target: Shown) => (page: Page) => target(page).click();

/** A page that has loaded once its h1 reads `title`. */
const titled = (name: string, as: PageCase["as"], path: string, title: string) =>
  showing(name, as, path, (page) => page.getByRole("heading", { name: title, level: 1 }));

const cases: PageCase[] = [
  titled("sign-in", "visitor", "/signin", "Sign in"),
  titled("sign-up", "visitor", "/signup", "Create an account"),
  titled("reset-request", "visitor", "/reset-request", "Reset your password"),
  showing("verify-bad-link", "visitor", "/verify?token=not-a-token", (p) => p.getByRole("alert")),
  titled("reset", "visitor", "/reset?token=abc", "Choose a new password"),
  titled("docs-signed-out", "visitor", "/docs", "API Documentation"),
  titled("not-found", "visitor", "/no/such/page", "Page not found"),
  showing("account", "admin", "/account", (p) => p.getByText("api_check").first()),
  showing(
    "api-keys",
    "admin",
    "/account/keys",
    (p) => p.getByTestId("new-key-secret"),
    async (p) => {
      await cell("ci runner", true)(p).waitFor();
      await p.getByLabel("Name").fill("fresh");
      await p.getByRole("button", { name: "Create key" }).click();
    },
  ),
  showing(
    "api-keys-confirm-revoke",
    "admin",
    "/account/keys",
    button("Yes, revoke"),
    click(button("Revoke ci runner")),
  ),
  titled("docs", "admin", "/docs", "API Documentation"),
  showing(
    "check",
    "admin",
    () => `/check?job=${jobId}`,
    (p) => p.getByTestId("job-percent"),
  ),
  showing("proxy-list", "admin", "/proxies", cell("192.0.2.10:8080")),
  showing("proxy-list-premium", "admin", "/proxies", cell("203.0.113.5:3128"), click(button("Premium pool"))),
  showing("admin-accounts", "admin", "/admin/accounts", (p) => p.locator("tbody tr").first()),
  showing("admin-sources", "admin", "/admin/sources", cell("http://192.0.2.80/list.txt", true)),
];

describe("every page", () => {
  for (const pageCase of cases) {
    it(`${pageCase.name}: screenshot, clean text, axe-clean, keyboard-reachable`, async () => {
      const page = pageCase.as === "admin" ? admin : visitor;
      await page.goto(typeof pageCase.path === "string" ? pageCase.path : pageCase.path());
      await pageCase.ready(page);
      const report = await inspectPage(page, pageCase.name);
      expect(report.text, "suspicious visible text").toEqual([]);
      expect(report.axe, "serious or critical axe violations").toEqual([]);
      expect(report.keyboard.missed, "controls Tab never reached").toEqual([]);
      expect(report.keyboard.total).toBeGreaterThan(0);
    });
  }
});

describe("a queued job", () => {
  it("can be cancelled from the check page", async () => {
    await admin.goto(`/check?job=${jobId}`);
    await expectExactText(admin.getByTestId("job-status"), "queued");
    await admin.getByRole("button", { name: "Cancel job" }).click();
    await expectExactText(admin.getByTestId("job-status"), "cancelled");
    await expectCount(admin.getByRole("button", { name: "Cancel job" }), 0);
  });
});

describe("the proxy list", () => {
  it("filters, and exports what the filters select", async () => {
    await admin.goto("/proxies");
    await admin.getByRole("cell", { name: "192.0.2.10:8080" }).waitFor();
    await admin.getByLabel("Protocol").selectOption("socks5");
    await admin.getByRole("button", { name: "Apply filters" }).click();
    await expectCount(admin.locator("tbody tr"), 1);
    await expectText(admin.locator("tbody tr"), "198.51.100.7:1080");
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("link", { name: "Export txt" }).click(),
    ]);
    const text = await readFile((await download.path()) ?? "", "utf8");
    expect(text.trim().split("\n")).toEqual(["198.51.100.7:1080"]);
    await admin.getByRole("button", { name: "Clear" }).click();
    await expectCount(admin.locator("tbody tr"), 2);
  });
});

describe("the documentation page", () => {
  it("shows this deployment's base URL, every endpoint of the contract, and the way back to the keys", async () => {
    await admin.goto("/docs");
    expect(await admin.getByTestId("base-url").textContent()).toBe(`${stack.api.url}/api/v1`);
    for (const path of [
      "/api/proxies",
      "/api/proxies/export",
      "/api/check",
      "/api/jobs/{jobId}",
      "/api/jobs/{jobId}/items",
      "/api/jobs/{jobId}/export",
      "/api/premium/proxies",
      // Beyond the contract: read off the OpenAPI document the page is rendered from.
      "/api/jobs",
      "/api/account",
    ]) {
      await admin
        .getByRole("heading", { name: new RegExp(`(GET|POST) ${path.replace(/[{}]/g, "\\$&")}$`) })
        .waitFor();
    }
    const text = (await admin.locator("main").textContent()) ?? "";
    for (const phrase of [
      "Getting started",
      "Authentication",
      "Rate limits",
      "Errors",
      "Code examples",
      "api_export",
      "rate_limited",
      "api.account.read",
      "/openapi.json",
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).toContain(`curl "${stack.api.url}/api/v1/api/proxies?protocol=socks5&country=US&limit=20"`);

    // "Try it" sends a real request with the key the reader pastes.
    await admin.getByLabel("Your API key").fill(keySecret);
    await admin.getByRole("button", { name: "Send GET /api/proxies?limit=5" }).click();
    await expectText(admin.getByRole("status"), "Status 200");
    const body = JSON.parse((await admin.getByTestId("try-response").textContent()) ?? "{}");
    expect(body.items.map((item: { proxy_norm: string }) => item.proxy_norm).sort()).toEqual([
      "192.0.2.10:8080",
      "198.51.100.7:1080",
    ]);
    expect(await admin.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(keySecret);
    await admin.getByRole("link", { name: "Back to API Keys" }).first().click();
    await admin.getByRole("heading", { name: "API Keys", level: 1 }).waitFor();
  });
});
