import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createSourceRepository, gatherSource, type SourceFetchOptions } from "@sieve/core";
import {
  claimKeyPrefix,
  type PrivateDatabase,
  serviceFixture,
  test as sieveTest,
  startVerifiedListWorker,
  type TestVerifiedListWorker,
  waitFor,
} from "@sieve/test-support";
import { afterAll, describe, expect } from "vitest";

const hanging = new Set<ServerResponse>();
const logger = createLogger({ service: "worker", silent: true });
const loopbackAllowed: SourceFetchOptions = {
  timeoutMs: 1_000,
  maxBytes: 64 * 1024,
  allows: (address) => address.startsWith("127."),
};

const routes: Record<string, (res: ServerResponse) => void> = {
  "/garbage": (res) =>
    res.end(Buffer.concat([randomBytes(4096), Buffer.from("\n{not json\n,,,\n1.2.3.4:99999\n")])),
  "/huge": (res) => {
    // No Content-Length: the cap must hold while streaming.
    const line = Buffer.from("203.0.113.8:8080\n".repeat(1000));
    let sent = 0;
    const more = () => {
      while (sent < 400 && res.write(line)) sent++;
      if (sent < 400) res.once("drain", more);
      else res.end();
    };
    more();
  },
  "/slow": (res) => {
    res.write("198.51.100.9:80\n");
    hanging.add(res);
  },
  "/good": (res) => res.end("127.0.0.1:3128\n127.0.0.2:1080\n"),
  "/redirect-out": (res) => res.writeHead(302, { Location: "http://10.0.0.1/list" }).end(),
};

/** A loopback server answering the routes above at `base`. */
async function startSourceServer() {
  const server = createServer((req, res) => (routes[req.url ?? ""] ?? ((r) => r.writeHead(404).end()))(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      for (const res of hanging) res.destroy();
      server.close();
    },
  };
}

const test = sieveTest.extend("sourceServer", { scope: "file" }, serviceFixture(startSourceServer));

async function gather(
  database: PrivateDatabase,
  location: string,
  fetch: SourceFetchOptions = loopbackAllowed,
) {
  const sources = createSourceRepository({ pool: database.pool });
  const source = await sources.add({ location, intervalMinutes: 60 });
  const outcome = await gatherSource({ pool: database.pool, sources, fetch, logger }, source.id);
  const [after] = (await sources.list()).filter((row) => row.id === source.id);
  return { outcome, source: after! };
}

describe("sources that misbehave", { timeout: 30_000 }, () => {
  test("takes nothing from garbage and records it as a fetch error", async ({ database, sourceServer }) => {
    const { outcome, source } = await gather(database, `${sourceServer.base}/garbage`);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining("no proxies in the body") });
    expect(source).toMatchObject({
      candidates: 0,
      lastError: expect.stringContaining("no proxies in the body"),
    });
  });

  test("refuses a body over the size cap and records why", async ({ database, sourceServer }) => {
    const { outcome, source } = await gather(database, `${sourceServer.base}/huge`);
    expect(outcome).toEqual({ ok: false, error: "body larger than 65536 bytes" });
    expect(source.lastError).toBe("body larger than 65536 bytes");
    expect(source.lastFetchedAt).toBeInstanceOf(Date);
  });

  test("gives up on a source that never finishes and records the timeout", async ({
    database,
    sourceServer,
  }) => {
    const { outcome, source } = await gather(database, `${sourceServer.base}/slow`);
    expect(outcome).toEqual({ ok: false, error: "timed out after 1000 ms" });
    expect(source.lastError).toBe("timed out after 1000 ms");
  });

  test("does not fetch from addresses the target guard blocks, nor follow redirects to them", async ({
    database,
    sourceServer,
  }) => {
    const blocked = await gather(database, `${sourceServer.base}/good?guarded`, {
      ...loopbackAllowed,
      allows: () => false,
    });
    expect(blocked.outcome).toEqual({
      ok: false,
      error: "127.0.0.1 is a blocked address (private, loopback or reserved)",
    });
    const redirected = await gather(database, `${sourceServer.base}/redirect-out`);
    expect(redirected.outcome).toEqual({
      ok: false,
      error: "10.0.0.1 is a blocked address (private, loopback or reserved)",
    });
  });

  test("reports an unreachable source instead of failing", async ({ database }) => {
    const { outcome } = await gather(database, "http://127.0.0.1:9/list.txt");
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
  });

  test("reads a file source from disk", async ({ database }) => {
    const file = join(tmpdir(), `sieve-source-${randomBytes(4).toString("hex")}.csv`);
    await writeFile(file, "ip,port,protocol\n127.0.0.3,8080,http\n127.0.0.4,1080,socks5\n");
    const { outcome, source } = await gather(database, file);
    expect(outcome).toEqual({ ok: true, candidates: 2, added: 2 });
    expect(source).toMatchObject({ candidates: 2, newCandidates: 2 });
  });
});

describe("a slow source in the worker", { timeout: 30_000 }, () => {
  let worker: TestVerifiedListWorker;
  const queuePrefix = claimKeyPrefix("verified-list");

  afterAll(async () => {
    await worker?.stop();
  });

  test("does not hold up the other sources of the cycle", async ({
    sourceServer,
    freshDatabase: own,
    judge,
  }) => {
    try {
      const sources = createSourceRepository({ pool: own.pool });
      const slow = await sources.add({ location: `${sourceServer.base}/slow`, intervalMinutes: 60 });
      await sources.add({ location: `${sourceServer.base}/good`, intervalMinutes: 60 });
      worker = await startVerifiedListWorker({
        database: own,
        judge,
        queuePrefix,
        env: { SOURCE_TIMEOUT_MS: "20000", VERIFIED_CHECKS_PER_SECOND: "1" },
      });
      await waitFor(async () => {
        const { rows } = await own.pool.query(
          "SELECT count(*)::int AS n FROM proxies WHERE port IN (3128, 1080)",
        );
        return rows[0].n === 2;
      });
      const still = (await sources.list()).find((row) => row.id === slow.id);
      expect(still?.lastFetchedAt).toBeNull();
    } finally {
      await worker?.stop();
    }
  });
});
