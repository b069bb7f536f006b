import { describe, expect, it } from "vitest";
import { signInThroughPage } from "./support/dashboard-stack.ts";
import { expectExactText, expectText } from "./support/locator-expect.ts";
import { dashboardStackPerFile } from "./support/stack-per-file.ts";

const stack = dashboardStackPerFile();

describe("an admin in the browser", () => {
  it("suspends an account: its keys get 403 and its session ends; Bull Board opens with the session", async () => {
    const admin = await stack.createVerifiedAccount("admin");
    await stack.database.prisma.account.update({ where: { id: admin.id }, data: { role: "admin" } });
    const user = await stack.createVerifiedAccount("member");
    const userHttp = stack.http();
    await userHttp.signIn(user.email, user.password);
    const { secret } = await userHttp.json<{ secret: string }>("POST", "/keys", {
      name: "member key",
      expires_days: null,
    });
    const callApi = () =>
      fetch(`${stack.api.url}/api/v1/api/proxies?limit=1`, {
        headers: { Authorization: `Bearer ${secret}` },
      });
    expect((await callApi()).status).toBe(200);

    const member = await stack.newPage();
    await signInThroughPage(member.page, user.email, user.password);

    const { page } = await stack.newPage();
    await signInThroughPage(page, admin.email, admin.password);
    await page.getByRole("link", { name: "Accounts" }).click();
    await page.getByLabel("Email or account id").fill(user.email);
    await page.getByRole("button", { name: "Search" }).click();
    const row = page.locator("tbody tr", { hasText: user.email });
    const cell = (column: number) => row.locator("td").nth(column);
    await expectExactText(cell(3), "active");
    await row.getByRole("button", { name: `Suspend ${user.email}` }).click();
    await expectExactText(cell(3), "suspended");

    expect((await callApi()).status).toBe(403);
    expect((await userHttp.request("GET", "/me")).status).toBe(401);
    await member.page.reload();
    await member.page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();

    // Activating gives the keys back; premium days and a role change show in the row.
    await row.getByRole("button", { name: `Activate ${user.email}` }).click();
    await expectExactText(cell(3), "active");
    expect((await callApi()).status).toBe(200);
    await row.getByLabel(`Premium days for ${user.email}`, { exact: true }).fill("30");
    await row.getByRole("button", { name: `Grant premium days to ${user.email}` }).click();
    await expectExactText(cell(2), "premium");
    await expectText(cell(4), /\d{4}/);
    await row.getByLabel(`Role of ${user.email}`, { exact: true }).selectOption("readonly");
    await row.getByRole("button", { name: `Set role of ${user.email}` }).click();
    await expectExactText(cell(1), "readonly");

    // Bull Board with the admin's session: no key asked for.
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    const board = await page.goto("/admin/queues");
    expect(board?.status()).toBe(200);
    expect(await page.title()).toBe("Sieve queues");
    // Its labels in English, not raw translation keys; nothing loaded from another host.
    await page.getByText("check", { exact: true }).first().waitFor();
    expect(await page.locator("body").textContent()).not.toMatch(/\b(MENU|QUEUE|JOB|STATUS)\.[A-Z_.]+/);
    const origin = new URL(page.url()).origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
    const outsider = await stack.newPage();
    // Without a session the board asks for Basic auth, which a browser page turns into an error page.
    const refused = await outsider.context.request.get("/admin/queues", { maxRedirects: 0 });
    expect(refused.status()).toBe(401);
  });
});
