import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { createQueues, createRedis } from "@sieve/core";
import {
  freePort,
  jsonBody,
  listenOnLoopback,
  serviceFixture,
  test as sieveTest,
  waitFor,
} from "@sieve/test-support";
import { describe, expect } from "vitest";
import { submit } from "./submit-check.ts";

interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver on 127.0.0.2: answers 200, or 500 to a path's first call when it ends in /fail-once. */
async function startReceiver() {
  const calls: ReceivedCall[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const path = req.url ?? "/";
      const earlier = calls.filter((call) => call.path === path).length;
      calls.push({ path, headers: req.headers, body });
      res.statusCode = path.endsWith("/fail-once") && earlier === 0 ? 500 : 200;
      res.end("ok");
    });
  });
  server.on("connection", (socket) => sockets.add(socket));
  const listening = await listenOnLoopback(server, { sockets, backlog: 64, host: "127.0.0.2" });
  return {
    url: `http://127.0.0.2:${listening.port}`,
    port: listening.port,
    callsTo: (path: string) => calls.filter((call) => call.path === path),
    stop: listening.stop,
  };
}

const test = sieveTest
  .extend("receiver", { scope: "file" }, serviceFixture(startReceiver))
  .extend("closedPort", { scope: "file" }, () => freePort())
  // Submits, as `owner`, one line on a closed port (dead at once, so the job ends) with `callbackUrl`.
  .extend(
    "submitWithCallback",
    { scope: "file" },
    ({ api, owner, closedPort }) =>
      (callbackUrl: string) =>
        submit(api, owner.key, { proxies_text: `127.0.0.1:${closedPort}`, callback_url: callbackUrl }),
  );
// Probes may reach loopback, webhooks only the receiver's address: each has its own allowlist.
test.override("apiEnv", { CHECK_ALLOW_CIDRS: "127.0.0.0/8", WEBHOOK_ALLOW_CIDRS: "127.0.0.2/32" });
// The reconciler runs every second, so a webhook whose task was lost is queued again soon.
test.override("workerOptions", { env: { WEBHOOK_ALLOW_CIDRS: "127.0.0.2/32" }, reconcileEveryMs: 1000 });

function signatureOf(secret: string, timestamp: string, body: string) {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

describe("signed webhooks", () => {
  test("calls a job's callback_url once when it ends, signed with the account's secret", async ({
    api,
    database,
    owner,
    receiver,
    submitWithCallback,
    worker: _,
  }) => {
    const response = await submitWithCallback(`${receiver.url}/once`);
    expect(response.status).toBe(202);
    const jobId = (await jsonBody(response)).job_id;
    const [call] = await waitFor(() => receiver.callsTo("/once").length > 0 && receiver.callsTo("/once"));

    // The secret a receiver is given: the account's, as GET /api/account shows it.
    const account = await fetch(`${api.url}/api/v1/api/account`, {
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    const secret = (await jsonBody(account)).webhook_secret;
    const timestamp = String(call!.headers["sieve-timestamp"]);
    expect(call!.headers["sieve-signature"]).toBe(signatureOf(secret, timestamp, call!.body));
    expect(call!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(call!.body)).toMatchObject({
      type: "check_job.finished",
      job: { job_id: jobId, status: "completed", total: 1, done: 1, counts: { dead: 1 } },
    });
    const job = await database.pool.query("SELECT callback_delivered_at FROM check_jobs WHERE id = $1", [
      jobId,
    ]);
    expect(job.rows[0].callback_delivered_at).toBeInstanceOf(Date);
    expect(secret).toMatch(/^whsec_/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.callsTo("/once")).toHaveLength(1);
  });

  test("calls back a job its owner cancelled, saying so", async ({
    api,
    owner,
    receiver,
    hanging,
    worker: _,
  }) => {
    const response = await submit(api, owner.key, {
      proxies_text: `127.0.0.1:${hanging.port}`,
      callback_url: `${receiver.url}/cancelled`,
    });
    const jobId = (await jsonBody(response)).job_id;
    await fetch(`${api.url}/api/v1/api/jobs/${jobId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${owner.key}` },
    });
    const [call] = await waitFor(
      () => receiver.callsTo("/cancelled").length > 0 && receiver.callsTo("/cancelled"),
    );
    expect(JSON.parse(call!.body).job).toMatchObject({ job_id: jobId, status: "cancelled" });
  });

  test("calls back a job that ended while its webhook could not be queued", async ({
    database,
    owner,
    receiver,
    worker: _,
  }) => {
    // As if Redis had been away when the job ended: the job is over and no task was ever queued.
    const inserted = await database.pool.query<{ id: string }>(
      `INSERT INTO check_jobs (id, account_id, status, total, done, dead, callback_url, started_at, finished_at)
       VALUES (gen_random_uuid(), $1, 'completed', 1, 1, 1, $2, now(), now()) RETURNING id`,
      [owner.accountId, `${receiver.url}/lost`],
    );
    const [call] = await waitFor(() => receiver.callsTo("/lost").length > 0 && receiver.callsTo("/lost"));
    expect(JSON.parse(call!.body).job).toMatchObject({ job_id: inserted.rows[0]!.id, status: "completed" });
  });

  test("retries a call its receiver answered with a 500", { timeout: 60_000 }, async ({
    receiver,
    submitWithCallback,
    worker: _,
  }) => {
    const response = await submitWithCallback(`${receiver.url}/fail-once`);
    expect(response.status).toBe(202);
    const calls = await waitFor(
      () => receiver.callsTo("/fail-once").length >= 2 && receiver.callsTo("/fail-once"),
      {
        timeout: 40_000,
        what: "the retried call",
      },
    );
    // The retry carries the same event, signed afresh.
    expect(calls[1]!.body).toBe(calls[0]!.body);
    expect(JSON.parse(calls[1]!.body).job.job_id).toBe((await jsonBody(response)).job_id);
  });

  const guarded = /callback_url points to a guarded address/;
  test.for<[string, string, RegExp]>([
    ["at a private address", "http://10.0.0.1/hook", guarded],
    ["at the metadata address", "http://169.254.169.254/latest/meta-data", guarded],
    ["at loopback outside the webhook allowlist", "http://127.0.0.1:8080/hook", guarded],
    ["at IPv6 loopback", "http://[::1]:8080/hook", guarded],
    ["at an IPv4-mapped private address", "http://[::ffff:10.0.0.1]/hook", guarded],
    ["that is not a URL", "not a url", /not a URL/],
    ["of another scheme", "ftp://192.0.2.10/hook", /http or https/],
    ["with credentials", "http://user:pass@192.0.2.10/hook", /credentials/],
  ])("refuses a callback_url %s at submission", async ([, callbackUrl, error], { submitWithCallback }) => {
    const response = await submitWithCallback(callbackUrl);
    expect(response.status).toBe(400);
    expect((await jsonBody(response)).error).toMatch(error);
  });

  test("refuses at call time a host name that resolves to a guarded address", async ({
    api,
    receiver,
    submitWithCallback,
    worker: _,
  }) => {
    // localhost resolves to 127.0.0.1 and ::1, neither of which the webhook allowlist lets through.
    const response = await submitWithCallback(`http://localhost:${receiver.port}/by-name`);
    expect(response.status).toBe(202);
    const jobId = (await jsonBody(response)).job_id;
    const connection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { role: "worker" });
    const queues = createQueues({ connection, prefix: api.queuePrefix });
    const queue = queues.byName.webhooks;
    try {
      const failed = await waitFor(async () => {
        const job = await queue.getJob(`webhook_${jobId}`);
        return job && (await job.getState()) === "failed" ? job : undefined;
      });
      expect(failed.failedReason).toMatch(/resolves to a guarded address/);
      expect(failed.attemptsMade).toBe(1);
      expect(receiver.callsTo("/by-name")).toHaveLength(0);
    } finally {
      await queues.close();
      connection.disconnect();
    }
  });
});
