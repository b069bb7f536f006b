import { performance } from "node:perf_hooks";
import { setImmediate as checkPhase } from "node:timers/promises";
import type { ProxyProtocol, ProxyTarget } from "@sieve/vocabulary";
import { ByteStream } from "./byte-stream.ts";
import type { DetectionRace } from "./detection-race.ts";
import type { Dial } from "./dial.ts";
import { readResponseBody, readResponseHead } from "./http-response.ts";
import { type JudgeAnswer, verifyJudgeAnswer } from "./judge-answer.ts";
import type { JudgeEndpoint } from "./judge-endpoint.ts";
import { mintJudgeNonce } from "./judge-nonce.ts";
import { ProbeFailure } from "./probe-failure.ts";
import { socks4Handshake, socks5Handshake } from "./socks-handshakes.ts";

/** How long a finished connection waits for the peer to close before it is reset. */
const LINGER_MS = 1_000;

export interface AttemptSettings {
  judgeHttp: JudgeEndpoint;
  /**
   * The judge's TLS port, which also answers plain HTTP. An `https` attempt asks it in plain HTTP
   * through the proxy's CONNECT tunnel: the tunnel to a TLS port is what it tests, the answer's
   * HMAC authenticates the judge, and a TLS handshake per tunnel cost more CPU than the rest of
   * a detected HTTP proxy's check (issue 15). Users' HTTPS targets still get TLS, verified.
   */
  judgeHttps: JudgeEndpoint;
  secret: string;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  dial: Dial;
  /** The probe's abort: an aborted attempt is not run again. */
  signal?: AbortSignal;
}

export type AttemptOutcome =
  | {
      ok: true;
      protocol: ProxyProtocol;
      connectMs: number;
      ttfbMs: number;
      totalMs: number;
      answer: JudgeAnswer;
    }
  | {
      ok: false;
      protocol: ProxyProtocol;
      failure: ProbeFailure;
      /**
       * The failure says nothing about the proxy: a deadline that passed while the event loop was
       * stalled, or a poked SOCKS attempt on a port that answered in SOCKS after all (the poke
       * spoilt its request). The prober runs it again.
       */
      retry: boolean;
    };

/** First bytes of a SOCKS reply: 5 for SOCKS5, 0 (or 4, from some servers) for SOCKS4. */
const socksReplyStarts = new Set([0, 4, 5]);

/** `undefined` target: ask the judge directly, as the prober does to learn its own address. */
export async function attemptProtocol(
  protocol: ProxyProtocol,
  target: ProxyTarget | undefined,
  settings: AttemptSettings,
  race?: DetectionRace,
): Promise<AttemptOutcome> {
  // Dial on the check phase and start the clock with it: when thousands of probes start at once,
  // none counts the others' dialling against its proxy.
  await checkPhase();
  const judge = protocol === "https" ? settings.judgeHttps : settings.judgeHttp;
  const started = performance.now();
  const stream = new ByteStream(
    target ? settings.dial(target.host, target.port) : settings.dial(judge.host, judge.port),
    settings.maxResponseBytes,
  );
  const leaveRace = race?.onSettle((graceMs) => stream.cutIfSilent(graceMs));
  const gate = race?.first === protocol ? race : undefined;
  const leavePoke =
    race && (protocol === "socks5" || protocol === "socks4" || protocol === "socks4a")
      ? race.onHttpSpoken(() => stream.poke())
      : undefined;
  if (gate) stream.onPeerAnswer = () => gate.firstAttemptSettled();
  try {
    stream.overallDeadline(settings.totalTimeoutMs);
    // A phase timer no shorter than the whole attempt's could never fire first.
    if (settings.connectTimeoutMs < settings.totalTimeoutMs)
      stream.deadline(settings.connectTimeoutMs, "connect");
    await stream.waitConnected();
    // The kernel's time of the handshake where it has one (kernel-clock.ts), else the connect
    // callback's, not after the await's extra turn. The kernel counts in ticks: never below 0.
    const connectMs = Math.max(0, (stream.connectedAt ?? performance.now()) - started);

    if (settings.handshakeTimeoutMs < settings.totalTimeoutMs)
      stream.deadline(settings.handshakeTimeoutMs, "handshake");
    else stream.clearDeadline();
    if (target) await openTunnel(stream, protocol, target, judge);
    stream.clearDeadline();
    stream.overflowReason = "bad_judge_response";
    // Good for as long as this attempt may still succeed; the judge answers no other.
    const nonce = mintJudgeNonce(settings.secret, { lifetimeMs: settings.totalTimeoutMs });
    const viaHttpProxy = target !== undefined && protocol === "http";
    const requestSent = performance.now();
    stream.startReadPhase();
    stream.write(judgeRequest(judge, nonce, viaHttpProxy ? target : undefined));
    const head = await readResponseHead(stream);
    const ttfbMs = Math.max(0, (stream.firstByteAt ?? performance.now()) - requestSent);
    if (viaHttpProxy) race?.spokeHttpAnswer();
    if (head.status === 407) throw new ProbeFailure("auth_failed", "proxy wants authentication");
    if (head.status !== 200)
      throw new ProbeFailure("protocol_error", `HTTP ${head.status} instead of the judge`);
    const body = await readResponseBody(stream, head);
    const answer = verifyJudgeAnswer(settings.secret, body.toString("utf8"), nonce);
    if (!answer)
      throw new ProbeFailure("bad_judge_response", "answer not signed by the judge for this probe");
    const totalMs = performance.now() - started;
    stream.release(LINGER_MS);
    return { ok: true, protocol, connectMs, ttfbMs, totalMs, answer };
  } catch (error) {
    stream.destroy();
    if (!(error instanceof ProbeFailure)) {
      gate?.firstAttemptSettled(new ProbeFailure("protocol_error", String(error)));
      throw error;
    }
    // Only a failure before the port answered (it settles once): refused, unreachable, silent.
    gate?.firstAttemptSettled(error);
    const spoilt = stream.poked && stream.firstByte !== undefined && socksReplyStarts.has(stream.firstByte);
    return { ok: false, protocol, failure: error, retry: error.stalled || spoilt };
  } finally {
    leaveRace?.();
    leavePoke?.();
  }
}

/** Where a tunnel leads: an IP literal (SOCKS4 carries nothing else) and its `host:port` for CONNECT. */
export type TunnelDestination = Pick<JudgeEndpoint, "host" | "port" | "authority">;

/**
 * Asks the proxy for a path to `destination` in its protocol: CONNECT for `https`, the SOCKS
 * handshakes, nothing for `http` (its requests name the destination in absolute form).
 */
export async function openTunnel(
  stream: ByteStream,
  protocol: ProxyProtocol,
  target: ProxyTarget,
  destination: TunnelDestination,
): Promise<void> {
  const credentials =
    target.username !== undefined && target.password !== undefined
      ? { username: target.username, password: target.password }
      : undefined;
  switch (protocol) {
    case "http":
      return;
    case "https":
      return httpConnect(stream, destination, target);
    case "socks4":
    case "socks4a":
      return socks4Handshake(stream, destination, {
        useName: protocol === "socks4a",
        userId: target.username ?? "",
      });
    case "socks5":
      return socks5Handshake(stream, destination, credentials);
  }
}

async function httpConnect(
  stream: ByteStream,
  destination: TunnelDestination,
  target: ProxyTarget,
): Promise<void> {
  const { authority } = destination;
  stream.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxyAuthorization(target)}\r\n`);
  const head = await readResponseHead(stream);
  if (head.status === 407) throw new ProbeFailure("auth_failed", "proxy wants authentication");
  if (head.status < 200 || head.status > 299)
    throw new ProbeFailure("protocol_error", `CONNECT answered ${head.status}`);
}

export function proxyAuthorization(target: ProxyTarget): string {
  if (target.username === undefined || target.password === undefined) return "";
  const token = Buffer.from(`${target.username}:${target.password}`).toString("base64");
  return `Proxy-Authorization: Basic ${token}\r\n`;
}

function judgeRequest(judge: JudgeEndpoint, nonce: string, httpProxy: ProxyTarget | undefined): string {
  const uri = `${httpProxy ? judge.absolute : judge.path}nonce=${nonce}`;
  return (
    `GET ${uri} HTTP/1.1\r\nHost: ${judge.authority}\r\nUser-Agent: sieve-probe\r\nAccept: */*\r\n` +
    `Connection: close\r\n${httpProxy ? proxyAuthorization(httpProxy) : ""}\r\n`
  );
}
