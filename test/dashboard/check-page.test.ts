import { readFile } from "node:fs/promises";
import {
  freePort,
  type RunningJudge,
  type RunningProxy,
  startDante,
  startJudge,
  startSquid,
  startTestWorker,
  startTinyproxy,
  type TestWorker,
} from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashboardStack, signedInPage, startDashboardStack } from "./support/dashboard-stack.ts";
import { expectCount, expectExactText, expectText } from "./support/locator-expect.ts";
import { saveScreenshot } from "./support/page-checks.ts";

const XSS = "<img src=x onerror=alert(1)>";

let stack: DashboardStack;
let judge: RunningJudge;
let proxies: RunningProxy[];
let worker: TestWorker | undefined;

beforeAll(async () => {
  judge = await startJudge();
  proxies = await Promise.all([
    startSquid({ anonymity: "elite" }),
    startTinyproxy({ anonymity: "anonymous" }),
    startDante(),
  ]);
  stack = await startDashboardStack({ CHECK_ALLOW_CIDRS: "127.0.0.0/8", CHECK_CHUNK_SIZE: "1" });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await stack?.close();
  await Promise.all((proxies ?? []).map((proxy) => proxy.stop()));
  await judge?.stop();
});

describe("the check page", () => {
  it("shows a job's progress moving to 100 %, its results, and a CSV equal to the API's export", async () => {
    const { account, page, dialogs } = await signedInPage(stack, "checker");
    await page.goto("/check");

    const [squid, tinyproxy, dante] = proxies as [RunningProxy, RunningProxy, RunningProxy];
    const closed = await freePort();
    const lines = [
      `http://127.0.0.1:${squid.port}`,
      `http://127.0.0.1:${tinyproxy.port}`,
      `socks5://127.0.0.1:${dante.port}`,
      `http://127.0.0.1:${closed}`,
      XSS,
    ];
    // A file over the API's 2 MB is refused before it is read; one under it fills the list.
    const upload = page.getByLabel("Or upload a text file");
    await upload.setInputFiles({
      name: "big.txt",
      mimeType: "text/plain",
      buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 97),
    });
    await expectText(page.getByRole("alert"), "big.txt is larger than the 2 MB limit.");
    await upload.setInputFiles({
      name: "list.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(lines.join("\n")),
    });
    await expect.poll(() => page.getByLabel("Proxies, one per line").inputValue()).toBe(lines.join("\n"));
    await page.getByLabel("Also detect the anonymity level (slower)").check();
    await page.getByRole("button", { name: "Check proxies" }).click();

    // No worker yet: the job waits at 0 %, then moves once one starts.
    await expect.poll(() => page.getByTestId("job-percent").textContent()).toBe("0 %");
    const jobId = new URL(page.url()).searchParams.get("job") ?? "";
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const seen: number[] = [];
    const watching = (async () => {
      for (;;) {
        const text = (await page.getByTestId("job-percent").textContent()) ?? "";
        const value = Number.parseInt(text, 10);
        if (seen.at(-1) !== value) seen.push(value);
        if (value === 100) return;
        await page.waitForTimeout(50);
      }
    })();
    worker = await startTestWorker({ database: stack.database, queuePrefix: stack.api.queuePrefix, judge });
    await Promise.race([watching, page.waitForTimeout(45_000)]);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await expectExactText(page.getByTestId("job-status"), "completed");
    await expectExactText(page.getByTestId("count-live"), "3");
    await expectExactText(page.getByTestId("count-dead"), "1");
    await expectExactText(page.getByTestId("count-pending"), "0");

    // The results table and its status filter.
    await saveScreenshot(page, "check-finished");
    const results = page.getByRole("region", { name: "Results" });
    await expectCount(results.locator("tbody tr"), 4);
    await results.getByLabel("Status").selectOption("dead");
    await expectCount(results.locator("tbody tr"), 1);
    await expectText(results.locator("tbody tr"), `127.0.0.1:${closed}`);
    // The download follows the filter: the dead item alone, under its header.
    const [deadOnly] = await Promise.all([
      page.waitForEvent("download"),
      results.getByRole("link", { name: "Download csv" }).click(),
    ]);
    const deadRows = (await readFile((await deadOnly.path()) ?? "", "utf8")).trim().split("\n");
    expect(deadRows).toHaveLength(2);
    expect(deadRows[1]).toContain(`127.0.0.1:${closed}`);
    await results.getByLabel("Status").selectOption("");

    // The CSV the page downloads is the file the public API exports for the same job.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download csv" }).click(),
    ]);
    const fromPage = await readFile((await download.path()) ?? "", "utf8");
    const http = stack.http();
    await http.signIn(account.email, account.password);
    const { secret } = await http.json<{ secret: string }>("POST", "/keys", {
      name: "export",
      expires_days: null,
    });
    const fromApi = await fetch(`${stack.api.url}/api/v1/api/jobs/${jobId}/export?format=csv`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(fromApi.status).toBe(200);
    expect(fromPage).toBe(await fromApi.text());
    expect(fromPage.split("\n")[0]).toContain("proxy_norm");

    // The job is listed among the recent ones; the payload line stayed text and ran nothing.
    await expectCount(page.getByRole("table", { name: "Your latest check jobs" }).locator("tbody tr"), 1);
    expect(await page.getByLabel("Proxies, one per line").inputValue()).toBe(lines.join("\n"));
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("pages through the account's jobs, ten at a time", async () => {
    const { account, page } = await signedInPage(stack, "many-jobs");
    // Twelve jobs of guarded lines: each is complete at submission, with nothing dialled.
    const http = stack.http();
    await http.signIn(account.email, account.password);
    for (let index = 0; index < 12; index += 1) {
      await http.json("POST", "/check", { proxies_text: `10.0.0.${index + 1}:8080` });
    }
    await page.goto("/check");
    const jobs = page.getByRole("table", { name: "Your latest check jobs" }).locator("tbody tr");
    await expectCount(jobs, 10);
    await page.getByRole("navigation", { name: "Job pages" }).getByRole("button", { name: "Next" }).click();
    await expectCount(jobs, 2);
  });
});
