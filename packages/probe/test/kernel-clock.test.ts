import { type ChildProcess, spawn } from "node:child_process";
import { type Dial, dialTcp, kernelTimestamps } from "@sieve/probe";
import { type RunningProxy, startMicrosocks } from "@sieve/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeFixture, startProbeFixture } from "./probe-fixture.ts";
import { stallLoop } from "./support/stall-loop.ts";

let fixture: ProbeFixture;
let socks: RunningProxy;
let lateProxy: ChildProcess;
let lateProxyPort: number;
const DELAY_MS = 100;
const STALL_MS = 400;

beforeAll(async () => {
  fixture = await startProbeFixture();
  socks = await startMicrosocks();
  lateProxy = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      new URL("./support/late-judging-proxy.ts", import.meta.url).pathname,
      String(DELAY_MS),
    ],
    {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, JUDGE_SECRET: fixture.judge.secret },
    },
  );
  lateProxyPort = Number(
    await new Promise<string>((resolve) =>
      lateProxy.stdout!.once("data", (chunk) => resolve(String(chunk).trim())),
    ),
  );
});

/** How late the late proxy answered its last request, by its own clock. */
async function lastHold(): Promise<number> {
  const answer = new Promise<string>((resolve) =>
    lateProxy.stdout!.once("data", (chunk) => resolve(String(chunk))),
  );
  lateProxy.stdin!.write("holds\n");
  const holds = JSON.parse(await answer) as number[];
  return holds.at(-1) ?? Number.NaN;
}

afterAll(async () => {
  lateProxy?.kill();
  await socks?.stop();
  await fixture?.stop();
});

describe("the kernel clock (connect_ms and ttfb_ms as the kernel saw them)", () => {
  it("is built on Linux", () => {
    // scripts/build-probe-native.mjs builds it at install; without it the figures below are the loop's.
    expect(kernelTimestamps).toBe(process.platform === "linux");
  });

  it("reports the handshake's time, not the connect callback's, when the loop is held after the dial", async () => {
    // Node makes the connect call on the next tick; this tick comes after it.
    const stallAfterDial: Dial = (host, port) => {
      const socket = dialTcp(host, port);
      process.nextTick(() => stallLoop(STALL_MS));
      return socket;
    };
    const prober = fixture.prober({ dial: stallAfterDial });

    const result = await prober.probe({ host: socks.host, port: socks.port, protocol: "socks5" });

    expect(result.status).toBe("live");
    // microsocks (a process of its own) accepted at once; the callback ran STALL_MS later.
    expect(result.connect_ms).toBeLessThan(10);
  });

  it("reports when the answer came, not when the loop got to it, for a proxy answering 100 ms late", async () => {
    // The loop is held STALL_MS from the moment the request is written; the proxy, in a process
    // of its own, answers DELAY_MS after it, while the loop is still held.
    const stallAfterRequest: Dial = (host, port) => {
      const socket = dialTcp(host, port);
      const write = socket.write.bind(socket) as (data: string | Buffer) => boolean;
      socket.write = ((data: string | Buffer) => {
        const written = write(data);
        if (String(data).startsWith("GET ")) stallLoop(STALL_MS);
        return written;
      }) as typeof socket.write;
      return socket;
    };
    const prober = fixture.prober({ dial: stallAfterRequest });

    const result = await prober.probe({ host: "127.0.0.1", port: lateProxyPort, protocol: "http" });

    expect(result.status).toBe("live");
    // Within the target's 10 ms of how late the proxy really answered (its own timer fires late
    // on a loaded machine too); the callback's own time would be STALL_MS.
    const held = await lastHold();
    expect(held).toBeGreaterThanOrEqual(DELAY_MS);
    expect(held).toBeLessThan(STALL_MS - 10);
    expect(result.ttfb_ms).toBeGreaterThanOrEqual(held - 10);
    expect(result.ttfb_ms).toBeLessThanOrEqual(held + 10);
  });
});
