import { randomBytes } from "node:crypto";
import {
  createPrivateDatabase,
  freePort,
  type PrivateDatabase,
  startTestApi,
  type TestApi,
} from "@sieve/test-support";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { DashboardHttp } from "./dashboard-http.ts";
import { linkIn, type MailCatcher, startMailCatcher } from "./mail-catcher.ts";

export const PASSWORD = "correct horse battery staple";

export interface DashboardStack {
  database: PrivateDatabase;
  api: TestApi;
  mail: MailCatcher;
  browser: Browser;
  /** A browser context of its own (own cookies) with a dialog watcher: any alert is an XSS. */
  newPage(): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }>;
  http(): DashboardHttp;
  /** An account signed up and verified through the real routes and the real mail. */
  createVerifiedAccount(prefix?: string): Promise<{ email: string; password: string; id: string }>;
  close(): Promise<void>;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}@example.test`;
}

/** The real API (private PostgreSQL database, Redis) with its mail going to a loopback SMTP receiver. */
export async function startDashboardStack(env: Record<string, string> = {}): Promise<DashboardStack> {
  const database = await createPrivateDatabase();
  const mail = await startMailCatcher();
  // The API's origin must be known first: mailed links and the same-origin check are built from it.
  const port = await freePort();
  const api = await startTestApi(database, {
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: mail.url,
    ...env,
  });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];

  const stack: DashboardStack = {
    database,
    api,
    mail,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: api.url, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        dialog.dismiss().catch(() => undefined);
      });
      return { context, page, dialogs };
    },
    http: () => new DashboardHttp(api.url),
    async createVerifiedAccount(prefix = "user") {
      const email = uniqueEmail(prefix);
      const http = new DashboardHttp(api.url);
      const created = await http.json<{ account: { id: string } }>("POST", "/auth/signup", {
        email,
        password: PASSWORD,
      });
      const link = linkIn(await mail.waitFor(email), "/verify");
      await http.json("POST", "/auth/verify", { token: link.searchParams.get("token") });
      return { email, password: PASSWORD, id: created.account.id };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await api.close();
      await mail.close();
      await database.drop();
    },
  };
  return stack;
}

/** Signs in through the sign-in page and waits for the account page. */
export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
}

/** A new verified account (email starting with `prefix`) signed in through the page of a new browser context. */
export async function signedInPage(stack: DashboardStack, prefix: string) {
  const account = await stack.createVerifiedAccount(prefix);
  const opened = await stack.newPage();
  await signInThroughPage(opened.page, account.email, account.password);
  return { account, ...opened };
}
