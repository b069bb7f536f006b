import { expect, test as vitestTest } from "vitest";
import { serviceFixture, startedTogether } from "./fixture-builders.ts";
import {
  claimKeyPrefix,
  createPersonAccount,
  createPrivateDatabase,
  createTestAccount,
  DashboardClient,
  type FakeProxy,
  type HttpProxyAnonymity,
  type PersonAccount,
  type PrivateDatabase,
  type RunningJudge,
  type RunningProxy,
  type SmtpReceiver,
  startDante,
  startFakeProxy,
  startJudge,
  startMicrosocks,
  startSmtpReceiver,
  startSquid,
  startTestApi,
  startTestWorker,
  startTinyproxy,
  startVerifiedListWorker,
  startWorkerProcess,
  stopWorkers,
  type TestAccount,
  type TestApi,
  type TestVerifiedListWorker,
  type TestWorker,
  type WorkerProcess,
  type WorkerProcessOptions,
} from "./harness.ts";
import { jsonBody } from "./json-body.ts";

/** How the file's proxy farm is configured; `test.override("proxyFarmOptions", ...)` changes it. */
export interface ProxyFarmOptions {
  squid?: { anonymity: HttpProxyAnonymity };
  tinyproxy?: { anonymity: HttpProxyAnonymity };
  microsocks?: { credentials?: { username: string; password: string } };
}

/** One real proxy server of each kind, each leaving from its own loopback address. */
export interface ProxyFarm {
  squid: RunningProxy;
  tinyproxy: RunningProxy;
  dante: RunningProxy;
  microsocks: RunningProxy;
}

/** Starts worker processes for one test; every one of them is killed after the test. */
export interface WorkerProcesses {
  start(options: WorkerProcessOptions): Promise<WorkerProcess>;
}

/** People using `api`'s dashboard: `test("…", async ({ dashboard }) => …)`. */
export interface DashboardPeople {
  /** A new browser-like client of the API, signed in to nothing. */
  client(): DashboardClient;
  /** A person made in `database` (verified unless told otherwise), signed in through a new client. */
  signedIn(
    options?: Parameters<typeof createPersonAccount>[1],
  ): Promise<{ client: DashboardClient; person: PersonAccount }>;
}

/** `owner`'s check jobs on `api`, served by the in-process `worker`; bodies typed as `jsonBody`'s. */
export interface OwnerJobs {
  /** POST /check with `lines` as `proxies_text`; expects the 202 and resolves with its body. */
  submit(lines: string[]): ReturnType<typeof jsonBody>;
  /** GET /jobs/<id><path> (the job itself without a path): the answer's body. */
  read(jobId: string, path?: string): ReturnType<typeof jsonBody>;
  /** DELETE /jobs/<id>: the answer's body. */
  cancel(jobId: string): ReturnType<typeof jsonBody>;
}

/** Settings of the in-process worker beyond what the API and judge fixtures decide. */
export type WorkerFixtureOptions = Omit<
  Parameters<typeof startTestWorker>[0],
  "database" | "queuePrefix" | "judge"
>;

/**
 * The services a test file asks for by naming them in a test's (or `test.beforeAll`'s) argument:
 * `test("…", async ({ api, owner }) => …)`. Every service is started once per file, on first
 * use, and stopped after the file's last test, in reverse order of start. Options are fixtures
 * too; a file sets them with one line at its top, e.g.
 * `test.override("apiEnv", { CHECK_CHUNK_SIZE: "3" })`.
 *
 * - `database`: a migrated PostgreSQL database of the file's own, dropped afterwards, with the
 *   pool settings of `databaseOptions`.
 * - `freshDatabase`: the same, but one per test (for tests that must see an untouched database).
 * - `api`: the real API (`startTestApi`) on that database, configured by `apiEnv`.
 * - `owner`: an account with an API key in that database.
 * - `freeAccount`: a new free-tier account with an API key in that database, one per test (for
 *   tests of limits and lists that another test's requests must not reach).
 * - `dashboard`: clients of `api`'s dashboard, and people signed in through them.
 * - `mail`: an SMTP receiver that keeps what it is sent (give the API `SMTP_URL: mail.url`).
 * - `judge`: the real judge on loopback ports.
 * - `worker`: the real check-job worker in this process, serving `api`'s queues against `judge`,
 *   configured by `workerOptions`.
 * - `ownerJobs`: `owner`'s check jobs through `api`, with `worker` running: submit, read, cancel.
 * - `listWorker`: the verified-list consumers in this process on their own queue prefix, against
 *   `database` and `judge`, with VERIFIED_* and SOURCE_* settings from `listWorkerEnv`.
 * - `proxyFarm`: squid, tinyproxy, dante and microsocks, configured by `proxyFarmOptions`.
 * - `hanging`: a fake proxy that accepts connections and never answers (counts them open).
 * - `workerProcesses`: starts real worker processes (`apps/worker/src/main.ts`) in a test and
 *   kills them after it.
 *
 * Redis keys under the API's prefixes go after the file (see setup-file.ts).
 */
export const test = vitestTest
  .extend("apiEnv", { scope: "file" }, {} as Record<string, string>)
  .extend("workerOptions", { scope: "file" }, {} as WorkerFixtureOptions)
  .extend("proxyFarmOptions", { scope: "file" }, {} as ProxyFarmOptions)
  .extend("listWorkerEnv", { scope: "file" }, {} as Record<string, string>)
  .extend("databaseOptions", { scope: "file" }, {} as Parameters<typeof createPrivateDatabase>[0])
  .extend(
    "database",
    { scope: "file" },
    async ({ databaseOptions }, { onCleanup }): Promise<PrivateDatabase> => {
      const database = await createPrivateDatabase(databaseOptions);
      onCleanup(() => database.drop());
      return database;
    },
  )
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend("freshDatabase", async ({}, { onCleanup }): Promise<PrivateDatabase> => {
    const database = await createPrivateDatabase();
    onCleanup(() => database.drop());
    return database;
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend("judge", { scope: "file" }, async ({}, { onCleanup }): Promise<RunningJudge> => {
    const judge = await startJudge();
    onCleanup(() => judge.stop());
    return judge;
  })
  .extend("api", { scope: "file" }, async ({ database, apiEnv }, { onCleanup }): Promise<TestApi> => {
    const api = await startTestApi(database, apiEnv);
    onCleanup(() => api.close());
    return api;
  })
  .extend(
    "owner",
    { scope: "file" },
    ({ database }): Promise<TestAccount> => createTestAccount(database.prisma),
  )
  .extend("freeAccount", ({ database }): Promise<TestAccount> => createTestAccount(database.prisma))
  .extend(
    "dashboard",
    { scope: "file" },
    ({ api, database }): DashboardPeople => ({
      client: () => new DashboardClient(api.url),
      async signedIn(options = {}) {
        const person = await createPersonAccount(database.prisma, options);
        const client = new DashboardClient(api.url);
        expect((await client.signIn(person.email, person.password)).status).toBe(200);
        return { client, person };
      },
    }),
  )
  .extend(
    "mail",
    { scope: "file" },
    serviceFixture(startSmtpReceiver, (receiver: SmtpReceiver) => receiver.close()),
  )
  .extend(
    "worker",
    { scope: "file" },
    async ({ database, api, judge, workerOptions }, { onCleanup }): Promise<TestWorker> => {
      const worker = await startTestWorker({
        ...workerOptions,
        database,
        queuePrefix: api.queuePrefix,
        judge,
      });
      onCleanup(() => worker.stop());
      return worker;
    },
  )
  .extend("ownerJobs", { scope: "file" }, ({ api, owner, worker: _worker }): OwnerJobs => {
    const asOwner = (path: string, init: RequestInit = {}) =>
      fetch(`${api.url}/api/v1/api${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${owner.key}`, "Content-Type": "application/json" },
      });
    return {
      async submit(lines) {
        const body = JSON.stringify({ proxies_text: lines.join("\n") });
        const response = await asOwner("/check", { method: "POST", body });
        expect(response.status).toBe(202);
        return jsonBody(response);
      },
      read: (jobId, path = "") => asOwner(`/jobs/${jobId}${path}`).then(jsonBody),
      cancel: (jobId) => asOwner(`/jobs/${jobId}`, { method: "DELETE" }).then(jsonBody),
    };
  })
  .extend(
    "listWorker",
    { scope: "file" },
    async ({ database, judge, listWorkerEnv }, { onCleanup }): Promise<TestVerifiedListWorker> => {
      const queuePrefix = claimKeyPrefix("verified-list");
      const worker = await startVerifiedListWorker({ database, judge, queuePrefix, env: listWorkerEnv });
      onCleanup(() => worker.stop());
      return worker;
    },
  )
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads what a fixture needs from this pattern
  .extend("workerProcesses", async ({}, { onCleanup }): Promise<WorkerProcesses> => {
    const started: WorkerProcess[] = [];
    onCleanup(() => stopWorkers(started));
    return {
      async start(options) {
        const worker = await startWorkerProcess(options);
        started.push(worker);
        return worker;
      },
    };
  })
  .extend("proxyFarm", { scope: "file" }, async ({ proxyFarmOptions }, { onCleanup }): Promise<ProxyFarm> => {
    const [squid, tinyproxy, dante, microsocks] = await startedTogether(onCleanup, [
      startSquid({ anonymity: proxyFarmOptions.squid?.anonymity ?? "transparent" }),
      startTinyproxy({ anonymity: proxyFarmOptions.tinyproxy?.anonymity ?? "elite" }),
      startDante(),
      startMicrosocks(proxyFarmOptions.microsocks ?? {}),
    ]);
    return { squid, tinyproxy, dante, microsocks };
  })
  .extend(
    "hanging",
    { scope: "file" },
    serviceFixture((): Promise<FakeProxy> => startFakeProxy({ kind: "hang" })),
  );
