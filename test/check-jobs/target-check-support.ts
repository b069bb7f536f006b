import {
  freePort,
  jsonBody,
  serviceFixture,
  test as sieveTest,
  startRewritingProxy,
  startSocks4aProxy,
  startTargetSite,
  TARGET_PAGE_TEXT,
  type TestApi,
  waitForCompletion,
} from "@sieve/test-support";
import { expect } from "vitest";
import { submit } from "./submit-check.ts";

/** What the target-check tests share: the fixtures (a target site, a page-rewriting proxy, a
 * SOCKS4a proxy, a closed port) and a job submitted with targets, read once completed. */
export interface TargetResult {
  url: string;
  ok: boolean;
  status: number | null;
  ms: number;
  error?: string;
}
export interface Item {
  proxy_norm: string;
  status: string;
  targets: TargetResult[];
}

export const test = sieveTest
  .extend("site", { scope: "file" }, serviceFixture(startTargetSite))
  .extend(
    "rewriter",
    { scope: "file" },
    serviceFixture(() =>
      startRewritingProxy({ rewrite: (body) => body.replace(TARGET_PAGE_TEXT, "Buy our ads") }),
    ),
  )
  .extend("socks4a", { scope: "file" }, serviceFixture(startSocks4aProxy))
  .extend("closedPort", { scope: "file" }, () => freePort());
// The proxies, the site and the judge are all on loopback (set for each file that imports this).
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8" });

/** Submits a job with targets and returns its items once it completed. */
export async function checkedItems(
  api: TestApi,
  databaseUrl: string,
  key: string,
  lines: string[],
  targets: unknown[],
) {
  const response = await submit(api, key, { proxies_text: lines.join("\n"), targets });
  const submitted = await jsonBody(response);
  expect(response.status, JSON.stringify(submitted)).toBe(202);
  const jobId: string = submitted.job_id;
  // Read from the database: polling the API would spend the key's read quota.
  await waitForCompletion(databaseUrl, jobId, 30_000);
  const page = await jsonBody(await api.get(`/api/v1/api/jobs/${jobId}/items`, key));
  return { jobId, items: page.items as Item[] };
}

export const itemOf = (items: Item[], port: number) =>
  items.find((item) => item.proxy_norm.endsWith(`:${port}`))!;
