import { describe, expect, it } from "vitest";
import { startAttackerSite } from "./support/attacker-site.ts";
import {
  type DashboardStack,
  signedInPage,
  signInThroughPage,
  uniqueEmail,
} from "./support/dashboard-stack.ts";
import { expectText } from "./support/locator-expect.ts";
import { dashboardStackPerFile } from "./support/stack-per-file.ts";

const XSS = "<img src=x onerror=alert(1)>";

const stack = dashboardStackPerFile();

async function keyNames(http: ReturnType<DashboardStack["http"]>): Promise<string[]> {
  const { items } = await http.json<{ items: Array<{ name: string }> }>("GET", "/keys");
  return items.map((key) => key.name);
}

describe("requests the dashboard did not make", () => {
  it("refuses a POST without the CSRF token and one from another origin", async () => {
    const account = await stack.createVerifiedAccount("guarded");
    const http = stack.http();
    await http.signIn(account.email, account.password);

    const noToken = await http.request("POST", "/keys", { body: { name: "no-token" }, csrf: false });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toEqual({ code: "forbidden", error: "invalid or missing CSRF token" });

    const foreign = await http.request("POST", "/keys", {
      body: { name: "foreign", expires_days: null },
      headers: { Origin: "http://127.0.0.1:9" },
    });
    expect(foreign.status).toBe(403);
    expect(await keyNames(http)).toEqual([]);
  });

  it("changes nothing when another site's page posts with the user's session cookie", async () => {
    const { account, page, context } = await signedInPage(stack, "victim");

    const attacker = await startAttackerSite(stack.api.url);
    try {
      const evil = await context.newPage();
      const refused = evil.waitForResponse((response) => response.url().endsWith("/api/v1/dashboard/keys"));
      await evil.goto(attacker.url);
      expect((await refused).status()).toBe(403);
      await evil.waitForURL(/\/api\/v1\/dashboard\/keys$/);
      expect(await evil.content()).toContain("cross-origin request refused");
    } finally {
      await attacker.close();
    }

    // Still signed in, and no key was made.
    await page.goto("/account/keys");
    await page.getByText("You have no API keys yet.").waitFor();
    const http = stack.http();
    await http.signIn(account.email, account.password);
    expect(await keyNames(http)).toEqual([]);
  });
});

describe("what users submit is shown as text", () => {
  it("renders an HTML payload in a key name, a proxy line and an email as the characters typed", async () => {
    const { page, dialogs } = await signedInPage(stack, "xss");

    await page.goto("/account/keys");
    await page.getByLabel("Name").fill(XSS);
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByTestId("new-key-secret").waitFor();
    await expectText(page.locator("tbody .key-name"), XSS);
    await expectText(page.getByRole("region", { name: "Your new API key" }), XSS);

    await page.goto("/check");
    await page.getByLabel("Proxies, one per line").fill(`${XSS}\n"><script>alert(2)</script>`);
    await page.getByRole("button", { name: "Check proxies" }).click();
    // No valid proxy in it: the API's own answer, shown as text.
    await page.getByRole("alert").waitFor();

    // An address that came in some other way (an operator, an import) is text on the admin page.
    const payloadEmail = `"${XSS}"@example.test`;
    await stack.database.prisma.account.create({ data: { email: payloadEmail } });
    const admin = await stack.createVerifiedAccount("admin");
    await stack.database.prisma.account.update({ where: { id: admin.id }, data: { role: "admin" } });
    const adminView = await stack.newPage();
    await signInThroughPage(adminView.page, admin.email, admin.password);
    await adminView.page.goto("/admin/accounts");
    await adminView.page.getByLabel("Email or account id").fill("onerror");
    await adminView.page.getByRole("button", { name: "Search" }).click();
    await expectText(adminView.page.locator("tbody .account-email"), payloadEmail);

    for (const view of [page, adminView.page]) {
      expect(await view.locator('img[src="x"]').count()).toBe(0);
      expect(await view.locator("script:not([src])").count()).toBe(0);
    }
    expect([...dialogs, ...adminView.dialogs]).toEqual([]);
  });
});

describe("sign-in failures", () => {
  it("say the same for a wrong email and a wrong password, and are limited", async () => {
    const account = await stack.createVerifiedAccount("target");
    const { page } = await stack.newPage();

    async function tryOnce(email: string, password: string): Promise<string> {
      await page.goto("/signin");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      return (await alert.textContent()) ?? "";
    }

    const wrongEmail = await tryOnce(uniqueEmail("nobody"), account.password);
    const wrongPassword = await tryOnce(account.email, "not the password at all");
    expect(wrongEmail).toBe("wrong email or password");
    expect(wrongPassword).toBe(wrongEmail);

    let answer = wrongPassword;
    for (let attempt = 0; attempt < 10 && !answer.startsWith("too many"); attempt++) {
      answer = await tryOnce(account.email, `wrong password number ${attempt}`);
    }
    expect(answer).toMatch(/^too many sign-in attempts: retry in \d+ s$/);
    // Limited even with the right password now.
    expect(await tryOnce(account.email, account.password)).toMatch(/^too many sign-in attempts/);
  });
});
