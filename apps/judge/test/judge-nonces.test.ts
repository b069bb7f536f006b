import { createLogger } from "@sieve/core";
import { mintJudgeNonce, verifyJudgeAnswer } from "@sieve/probe";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createJudge, type Judge } from "../src/create-judge.ts";
import type { SourceLimitSettings } from "../src/source-limits.ts";
import { loadTlsCredentials, type TlsCredentials } from "../src/tls-credentials.ts";

const secret = "judge-nonce-test-secret-0123456789";
const logger = createLogger({ service: "judge", silent: true });
const fresh = () => mintJudgeNonce(secret, { lifetimeMs: 10_000 });

describe("the judge signs only nonces the fleet minted", () => {
  let tls: TlsCredentials;
  const judges: Judge[] = [];
  beforeAll(async () => {
    tls = await loadTlsCredentials({});
  });
  afterEach(async () => {
    await Promise.all(judges.splice(0).map((judge) => judge.close()));
  });

  async function startJudge(limits?: SourceLimitSettings) {
    const judge = createJudge({ secret, tls, logger, ...(limits ? { limits } : {}) });
    judges.push(judge);
    const { httpPort } = await judge.listen({ host: "::", httpPort: 0, httpsPort: 0 });
    return (nonce: string, host = "127.0.0.1") =>
      fetch(`http://${host}:${httpPort}/?nonce=${encodeURIComponent(nonce)}`);
  }

  it("answers a nonce a prober minted, signed", async () => {
    const ask = await startJudge();
    const nonce = fresh();

    const response = await ask(nonce);

    expect(response.status).toBe(200);
    expect(verifyJudgeAnswer(secret, await response.text(), nonce)?.ip).toBe("127.0.0.1");
  });

  it.each([
    ["an unsolicited nonce", "AAAAAAAAAAAAAAAA", 400, /minted by a Sieve prober/],
    [
      "a nonce minted with another secret",
      mintJudgeNonce("another-secret-0123456789", { lifetimeMs: 10_000 }),
      403,
      /secret/,
    ],
    [
      "an expired nonce",
      mintJudgeNonce(secret, { lifetimeMs: 10_000, now: Date.now() - 120_000 }),
      403,
      /expired/,
    ],
    [
      "a nonce living too long",
      mintJudgeNonce(secret, { lifetimeMs: 600_000, now: Date.now() + 3_600_000 }),
      403,
      /too far ahead/,
    ],
  ])("refuses %s with a JSON error and no signature", async (_what, nonce, status, message) => {
    const ask = await startJudge();

    const response = await ask(nonce);
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(status);
    expect(body.error).toMatch(message);
    expect(body).not.toHaveProperty("sig");
  });

  it("refuses a minted nonce with one character changed", async () => {
    const ask = await startJudge();
    const nonce = fresh();
    const tampered = `${nonce.slice(0, 5)}${nonce[5] === "A" ? "B" : "A"}${nonce.slice(6)}`;

    expect((await ask(tampered)).status).toBe(403);
  });

  it("refuses everything from a source past its refusal budget, with Retry-After, and others still get answers", async () => {
    const ask = await startJudge({ requestsPerSecond: 1_000, refusedPerMinute: 5 });
    for (let attempt = 0; attempt < 5; attempt++) expect((await ask("AAAAAAAAAAAAAAAA")).status).toBe(400);

    const blocked = await ask(fresh());
    const otherSource = await ask(fresh(), "[::1]");

    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.json()).toEqual({ error: expect.any(String) });
    expect(otherSource.status).toBe(200);
  });

  it("caps the requests of one source per second, valid ones included", async () => {
    const ask = await startJudge({ requestsPerSecond: 3, refusedPerMinute: 60 });
    const nonce = fresh();

    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await ask(nonce)).status);

    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("answers a fleet's burst from one address under the default limits", async () => {
    const ask = await startJudge();

    const statuses = await Promise.all(Array.from({ length: 400 }, () => ask(fresh()).then((r) => r.status)));

    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
