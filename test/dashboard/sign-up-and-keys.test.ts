import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PASSWORD, signedInPage, signInThroughPage, uniqueEmail } from "./support/dashboard-stack.ts";
import { expectText } from "./support/locator-expect.ts";
import { linkIn } from "./support/mail-catcher.ts";
import { dashboardStackPerFile } from "./support/stack-per-file.ts";

const stack = dashboardStackPerFile();

function callApi(key: string) {
  return fetch(`${stack.api.url}/api/v1/api/proxies?limit=1`, {
    headers: { Authorization: `Bearer ${key}` },
  });
}

async function createKeyOnPage(page: Page, name: string, expiry = "Never") {
  const box = page.getByTestId("new-key-secret");
  const before = (await box.count()) > 0 ? await box.textContent() : null;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Expires").selectOption({ label: expiry });
  await page.getByRole("button", { name: "Create key" }).click();
  // The box may still show the previous key until the answer arrives.
  await expect.poll(async () => ((await box.count()) > 0 ? await box.textContent() : null)).not.toBe(before);
  const secret = (await box.textContent()) ?? "";
  expect(secret).toMatch(/^pk_live_/);
  return secret;
}

describe("a new user's first key, in the browser", () => {
  it("signs up, verifies by mail, signs in, creates a key that works, and revokes it", async () => {
    const { page, dialogs } = await stack.newPage();
    const email = uniqueEmail("newcomer");

    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain(email);

    const mail = await stack.mail.waitFor(email);
    const link = linkIn(mail, "/verify");
    await page.goto(link.pathname + link.search);
    await page.getByText("Your email is verified").waitFor();

    await signInThroughPage(page, email, PASSWORD);
    await expectText(page.locator(".facts"), email);

    await page.getByRole("link", { name: "API Keys" }).first().click();
    const secret = await createKeyOnPage(page, "laptop");
    await page.getByText("It is shown only this once").waitFor();
    expect((await callApi(secret)).status).toBe(200);

    // Never in browser storage, and gone once the page is left.
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(secret);
    await page.getByRole("link", { name: "Account" }).first().click();
    await page.getByRole("link", { name: "API Keys" }).first().click();
    await page.getByRole("cell", { name: "laptop", exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret);

    const row = page.locator("tr", { has: page.getByRole("cell", { name: "laptop", exact: true }) });
    await expectText(row, secret.slice(0, "pk_live_".length + 4));
    await row.getByRole("button", { name: "Revoke laptop" }).click();
    // Nothing happens before the confirmation.
    expect((await callApi(secret)).status).toBe(200);
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await expectText(row, "Revoked");
    expect((await callApi(secret)).status).toBe(401);
    expect(dialogs).toEqual([]);

    // Signing out ends the session: the account pages send the visitor back to sign in.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();
    await page.goto("/account/keys");
    await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();
  });
});

describe("rolling and expiry", () => {
  it("keeps the old key for a 1-hour grace, refuses it at once with none, and refuses expired keys", async () => {
    const { page } = await signedInPage(stack, "roller");
    await page.goto("/account/keys");

    const first = await createKeyOnPage(page, "graceful");
    await page.getByRole("button", { name: "I have copied it" }).click();
    const graceful = page
      .locator("tr", { has: page.getByRole("cell", { name: "graceful", exact: true }) })
      .first();
    await graceful.getByLabel("Grace period for the old key of graceful").selectOption("1h");
    await graceful.getByRole("button", { name: "Roll graceful" }).click();
    const rolled = (await page.getByTestId("new-key-secret").textContent()) ?? "";
    expect(rolled).toMatch(/^pk_live_/);
    expect(rolled).not.toBe(first);
    expect((await callApi(first)).status).toBe(200);
    expect((await callApi(rolled)).status).toBe(200);
    await page.getByText("Rolling over").waitFor();

    const second = await createKeyOnPage(page, "abrupt");
    const abrupt = page
      .locator("tr", { has: page.getByRole("cell", { name: "abrupt", exact: true }) })
      .first();
    await abrupt.getByLabel("Grace period for the old key of abrupt").selectOption("none");
    await abrupt.getByRole("button", { name: "Roll abrupt" }).click();
    await expect
      .poll(async () => (await page.getByTestId("new-key-secret").textContent()) ?? "")
      .not.toBe(second);
    const replacement = (await page.getByTestId("new-key-secret").textContent()) ?? "";
    expect((await callApi(second)).status).toBe(401);
    expect((await callApi(replacement)).status).toBe(200);

    // A key made with a 30-day expiry, whose time has come: refused like a revoked one.
    const expiring = await createKeyOnPage(page, "short-lived", "30 days");
    expect((await callApi(expiring)).status).toBe(200);
    await stack.database.pool.query(
      "UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE starts_with($1, prefix) AND name = $2",
      [expiring, "short-lived"],
    );
    // Written behind the API's back, so its key cache hears of it by NOTIFY, a moment later.
    await expect.poll(async () => (await callApi(expiring)).status).toBe(401);
  });
});

describe("a forgotten password", () => {
  it("is reset through the mailed link, ends the old session, and the new one signs in", async () => {
    const account = await stack.createVerifiedAccount("forgetful");
    const elsewhere = stack.http();
    await elsewhere.signIn(account.email, account.password);
    expect((await elsewhere.request("GET", "/me")).status).toBe(200);
    const { page } = await stack.newPage();
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByLabel("Email").fill(account.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText("a reset link is on its way").waitFor();

    const mail = await stack.mail.waitFor(account.email, (caught) => caught.text.includes("/reset?token="));
    const link = linkIn(mail, "/reset");
    await page.goto(link.pathname + link.search);
    const fresh = "a brand new passphrase for sieve";
    await page.getByLabel("New password").fill(fresh);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByText("Your password is changed.").waitFor();
    expect((await elsewhere.request("GET", "/me")).status).toBe(401);

    await page.goto("/signin");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectText(page.getByRole("alert"), "wrong email or password");
    await signInThroughPage(page, account.email, fresh);
  });
});

describe("the account page", () => {
  it("changes the password and stays signed in, with a fresh CSRF token for what follows", async () => {
    const { account, page } = await signedInPage(stack, "changer");
    const fresh = "another long passphrase here";
    await page.getByLabel("Current password").fill(account.password);
    await page.getByLabel("New password").fill(fresh);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed.").waitFor();

    // The session was rotated: the next state-changing request still goes through.
    await page.getByRole("link", { name: "API Keys" }).first().click();
    await createKeyOnPage(page, "after the change");
    const other = stack.http();
    await expect(other.signIn(account.email, account.password)).rejects.toThrow(/401/);
    await other.signIn(account.email, fresh);
  });

  it("shows the webhook secret GET /api/account gives the account's keys, and rolls it", async () => {
    const { page } = await signedInPage(stack, "webhooks");
    await page.getByRole("link", { name: "API Keys" }).first().click();
    const key = await createKeyOnPage(page, "webhook reader");
    const secretOverApi = async () => {
      const response = await fetch(`${stack.api.url}/api/v1/api/account`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { webhook_secret: string }).webhook_secret;
    };

    await page.goto("/account");
    await page.getByRole("button", { name: "Show the webhook secret" }).click();
    const shown = page.locator("#webhook-secret");
    const first = (await shown.textContent()) ?? "";
    expect(first).toMatch(/^whsec_/);
    expect(await secretOverApi()).toBe(first);

    await page.getByRole("button", { name: "Roll the webhook secret" }).click();
    await page.getByRole("button", { name: "Yes, roll it" }).click();
    await page.getByText("New secret made").waitFor();
    const rolled = (await shown.textContent()) ?? "";
    expect(rolled).toMatch(/^whsec_/);
    expect(rolled).not.toBe(first);
    expect(await secretOverApi()).toBe(rolled);
  });

  it("keeps an unverified account out of keys and offers the mail again", async () => {
    const email = uniqueEmail("unverified");
    const http = stack.http();
    await http.json("POST", "/auth/signup", { email, password: PASSWORD });
    await stack.mail.waitFor(email);
    const { page } = await stack.newPage();
    await signInThroughPage(page, email, PASSWORD);
    await page.getByRole("button", { name: "Send the mail again" }).click();
    await page.getByText("Sent again.").waitFor();
    await expect.poll(() => stack.mail.mails.filter((mail) => mail.to.includes(email)).length).toBe(2);

    await page.goto("/account/keys");
    await page.getByLabel("Name").fill("too early");
    await page.getByRole("button", { name: "Create key" }).click();
    await expectText(page.getByRole("alert"), "verify your email address first");
  });
});
