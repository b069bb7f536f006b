import type { Socket } from "node:net";
import { type Dial, dialTcp, mintJudgeNonce, signJudgeAnswer } from "@sieve/probe";
import { type FakeProxy, freePort, httpAnswer, startFakeProxy, waitFor } from "@sieve/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";

let fixture: ProbeFixture;
const fakes: FakeProxy[] = [];

beforeAll(async () => {
  fixture = await startProbeFixture();
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.stop()));
});
afterAll(() => fixture?.stop());

async function fake(behaviour: Parameters<typeof startFakeProxy>[0]): Promise<FakeProxy> {
  const started = await startFakeProxy(behaviour);
  fakes.push(started);
  return started;
}

/** For fakes that must time out. */
const quick = { connectMs: 1_000, handshakeMs: 400, totalMs: 800 };
/** For fakes that fail fast by themselves: generous, so a loaded machine never turns them into timeouts. */
const patient = { connectMs: 5_000, handshakeMs: 5_000, totalMs: 10_000 };

/** A genuine judge answer, fetched directly for a nonce no probe will use. */
async function genuineAnswerBody(): Promise<string> {
  const nonce = mintJudgeNonce(fixture.judge.secret, { lifetimeMs: 60_000 });
  const response = await fetch(`${fixture.judge.httpUrl}?nonce=${nonce}`);
  return response.text();
}

describe("probing proxies that misbehave", () => {
  it("times out on a proxy that accepts and never answers, after one connection, not three", async () => {
    const proxy = await fake({ kind: "hang" });

    const detected = await fixture.prober({ timeouts: quick }).probe({ host: proxy.host, port: proxy.port });

    expect(detected).toMatchObject({ status: "dead", reason: "timeout", protocols: [] });
    // Silent on the HTTP attempt, so no SOCKS attempt; no CONNECT either (no HTTP answer).
    expect(proxy.connections()).toBe(1);
  });

  it("resets the connection it gives up on, so no TIME_WAIT is left on the checker", async () => {
    const proxy = await fake({ kind: "hang" });

    const result = await fixture
      .prober({ timeouts: quick })
      .probe({ host: proxy.host, port: proxy.port, protocol: "socks5" });
    await waitFor(() => proxy.resets() > 0, { timeout: 500, interval: 10 });

    expect(result).toMatchObject({ status: "dead", reason: "timeout" });
    expect(proxy.resets()).toBe(1);
  });

  it("reports reset for a proxy that closes at once", async () => {
    const proxy = await fake({ kind: "close" });

    const result = await fixture.prober({ timeouts: patient }).probe({ host: proxy.host, port: proxy.port });

    expect(result).toMatchObject({ status: "dead", reason: "reset" });
  });

  it.each(["http", "https", "socks4", "socks5"] as const)(
    "reports protocol_error for garbage as %s",
    async (protocol) => {
      const proxy = await fake({ kind: "garbage" });

      const result = await fixture
        .prober({ timeouts: patient })
        .probe({ host: proxy.host, port: proxy.port, protocol });

      expect(result).toMatchObject({ status: "dead", reason: "protocol_error" });
    },
  );

  it("gives up on a proxy that trickles bytes when the total timeout passes", async () => {
    const proxy = await fake({ kind: "trickle", intervalMs: 20 });

    const result = await fixture
      .prober({ timeouts: quick })
      .probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "timeout" });
  });

  it("reports refused for a port nobody listens on, after one connection attempt, not three", async () => {
    const port = await freePort();
    let dials = 0;
    const counted: Dial = (host, dialPort): Socket => {
      dials += 1;
      return dialTcp(host, dialPort);
    };

    const result = await fixture
      .prober({ timeouts: patient, dial: counted })
      .probe({ host: "127.0.0.1", port });

    expect(result).toMatchObject({ status: "dead", reason: "refused", protocols: [] });
    // SOCKS5 and SOCKS4 dial only once the first (HTTP) connection is up.
    expect(dials).toBe(1);
  });

  it("rejects an answer signed with another secret", async () => {
    const forged = signJudgeAnswer("not-the-judge-secret-xyz", {
      nonce: "whatever",
      ip: "203.0.113.1",
      headers: [],
    });
    const proxy = await fake({ kind: "answer", response: httpAnswer(forged) });

    const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "bad_judge_response", exit_ip: null });
  });

  it("rejects a genuine judge answer replayed for another probe", async () => {
    const proxy = await fake({ kind: "answer", response: httpAnswer(await genuineAnswerBody()) });

    const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "bad_judge_response" });
  });

  it("rejects a genuine answer whose exit address was edited", async () => {
    const body = JSON.parse(await genuineAnswerBody()) as { payload: string; sig: string };
    const edited = JSON.stringify({ ...body, payload: body.payload.replace("127.0.0.1", "198.51.100.1") });
    const proxy = await fake({ kind: "answer", response: httpAnswer(edited) });

    const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "bad_judge_response" });
  });

  it("rejects a page that is not the judge's", async () => {
    const proxy = await fake({ kind: "answer", response: httpAnswer("<html>welcome to the portal</html>") });

    const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "bad_judge_response" });
  });

  it("stops reading an answer larger than the byte cap", async () => {
    // 50 KB over about half a second: a prober that read it all would hang up only at the end.
    const proxy = await fake({ kind: "stream", bodyBytes: 50_000, intervalMs: 10 });

    const result = await fixture
      .prober({ maxResponseBytes: 4_096, timeouts: patient })
      .probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "bad_judge_response" });
    await expect.poll(() => proxy.sentAtClose().length).toBe(1);
    expect(proxy.sentAtClose()[0]).toBeLessThan(20_000);
  });

  it("does not follow a redirect", async () => {
    const elsewhere = await fake({ kind: "hang" });
    const location = `Location: http://127.0.0.1:${elsewhere.port}/\r\n`;
    const proxy = await fake({ kind: "answer", response: httpAnswer("", "302 Found", location) });

    const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol: "http" });

    expect(result).toMatchObject({ status: "dead", reason: "protocol_error" });
    expect(elsewhere.connections()).toBe(0);
  });

  it.each(["http", "https"] as const)(
    "reports auth_failed for a proxy that answers 407 as %s",
    async (protocol) => {
      const proxy = await fake({
        kind: "answer",
        response: httpAnswer("", "407 Proxy Authentication Required"),
      });

      const result = await fixture.prober().probe({ host: proxy.host, port: proxy.port, protocol });

      expect(result).toMatchObject({ status: "dead", reason: "auth_failed" });
    },
  );

  it("releases every socket and timer once many probes have settled", async () => {
    const proxy = await fake({ kind: "hang" });
    const count = (resources: string[], kind: string) =>
      resources.filter((resource) => resource === kind).length;
    const before = process.getActiveResourcesInfo();
    const prober = fixture.prober({ timeouts: { connectMs: 1_000, handshakeMs: 300, totalMs: 300 } });

    const results = await Promise.all(
      Array.from({ length: 500 }, () =>
        prober.probe({ host: proxy.host, port: proxy.port, protocol: "socks5" }),
      ),
    );
    await proxy.stop();
    // Handles close on a later turn of the event loop than destroy(); give them a few.
    await waitFor(
      () => count(process.getActiveResourcesInfo(), "TCPSocketWrap") <= count(before, "TCPSocketWrap"),
      { timeout: 500, interval: 10 },
    );
    // Read once the wait is over, so its own timers are not counted.
    const after = process.getActiveResourcesInfo();

    expect(results.every((result) => result.reason === "timeout")).toBe(true);
    expect(count(after, "TCPSocketWrap")).toBeLessThanOrEqual(count(before, "TCPSocketWrap"));
    expect(count(after, "Timeout")).toBeLessThanOrEqual(count(before, "Timeout"));
  });
});
