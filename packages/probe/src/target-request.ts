import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { connect as tlsConnect } from "node:tls";
import {
  type CheckTarget,
  formatHostPort,
  GuardedHostRefused,
  type ProxyProtocol,
  type ProxyTarget,
  type Resolve,
  resolveGuarded,
  type TargetResult,
} from "@sieve/vocabulary";
import { ByteStream } from "./byte-stream.ts";
import type { Dial } from "./dial.ts";
import { readResponseBody, readResponseHead } from "./http-response.ts";
import { ProbeFailure } from "./probe-failure.ts";
import { openTunnel, proxyAuthorization } from "./protocol-attempt.ts";

/** How long a finished connection waits for the peer to close before it is reset. */
const LINGER_MS = 1_000;

export interface TargetRequestSettings {
  /** The probes' target guard, applied to every address a target's host resolves to. */
  allows(address: string): boolean;
  dial: Dial;
  /** One target's request through one proxy, from dialling the proxy to the answer's last byte. */
  timeoutMs: number;
  /** Bytes read from the connection at most, tunnel replies and headers included. */
  maxBytes: number;
  resolve?: Resolve;
  /** Waits for the fleet's turn to reach this address (the destination pacing), if any. */
  pace?: (address: string) => Promise<void>;
}

/** The proxy as the judge found it live: where it listens and the protocols that answered. */
export interface LiveProxy {
  target: ProxyTarget;
  /** The protocol the probe reports (the preferred one that worked). */
  protocol: ProxyProtocol;
  /** Every protocol that worked; an http proxy reaches https targets only if `https` is among them. */
  protocols: readonly ProxyProtocol[];
}

const expectedStatus = (target: CheckTarget, status: number) =>
  target.expect_status === undefined ? status >= 200 && status <= 299 : status === target.expect_status;

/**
 * The tunnel that reaches the target: an http proxy takes https targets through CONNECT, if it
 * tunnels at all (undefined: it does not).
 */
function tunnelFor(proxy: LiveProxy, tls: boolean): ProxyProtocol | undefined {
  if (proxy.protocol !== "http" || !tls) return proxy.protocol;
  return proxy.protocols.includes("https") ? "https" : undefined;
}

/**
 * Requests one target through a live proxy, as a browser behind it would, and says whether the
 * answer is what the target expects. The host is resolved here, right before connecting, and
 * every address it has must pass the guard; the proxy is then asked for the first one (absolute
 * form or CONNECT to `address:port`, SOCKS to the address), so it cannot be sent elsewhere by
 * a second DNS answer, while `Host` and TLS's server name stay the target's name. No redirect is
 * followed (a 3xx is the status), and the request is bounded in time and in bytes read.
 */
export async function requestTarget(
  proxy: LiveProxy,
  target: CheckTarget,
  settings: TargetRequestSettings,
): Promise<TargetResult> {
  let started = performance.now();
  const result = (status: number | null, error?: string): TargetResult => ({
    url: target.url,
    ok: error === undefined,
    status,
    ms: Math.round(performance.now() - started),
    ...(error === undefined ? {} : { error }),
  });
  const url = new URL(target.url);
  const tls = url.protocol === "https:";
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port === "" ? (tls ? 443 : 80) : Number(url.port);
  const via = tunnelFor(proxy, tls);
  if (via === undefined) return result(null, "the proxy does not tunnel CONNECT to TLS");
  let address: string;
  try {
    [address = ""] = await resolveGuarded(hostname, settings.allows, settings.resolve);
  } catch (error) {
    if (error instanceof GuardedHostRefused) return result(null, error.message);
    return result(null, `${hostname} does not resolve`);
  }
  if (settings.pace) {
    // A target is a destination like any proxy: many proxies asking one site for a page start
    // no faster than the fleet's pace for that address. The wait is not the target's time.
    await settings.pace(address);
    started = performance.now();
  }
  const destination = { host: address, port, authority: formatHostPort(address, port) };
  const stream = new ByteStream(settings.dial(proxy.target.host, proxy.target.port), settings.maxBytes);
  let status: number | null = null;
  let inTls = false;
  try {
    stream.overallDeadline(settings.timeoutMs);
    await stream.waitConnected();
    await openTunnel(stream, via, proxy.target, destination);
    if (tls) {
      inTls = true;
      // Verified as any client would (the system's CAs, NODE_EXTRA_CA_CERTS): a proxy that
      // intercepts TLS fails here. The name checked is the target's, not the pinned address.
      stream.upgrade((socket) =>
        tlsConnect({ socket, host: hostname, ...(isIP(hostname) ? {} : { servername: hostname }) }),
      );
      await stream.waitConnected();
      inTls = false;
    }
    const path = `${url.pathname}${url.search}`;
    const absoluteForm = via === "http";
    stream.write(
      `GET ${absoluteForm ? `http://${destination.authority}${path}` : path} HTTP/1.1\r\n` +
        `Host: ${url.host}\r\nUser-Agent: sieve-target-check\r\nAccept: */*\r\nConnection: close\r\n` +
        `${absoluteForm ? proxyAuthorization(proxy.target) : ""}\r\n`,
    );
    const head = await readResponseHead(stream);
    status = head.status;
    const body = await readResponseBody(stream, head);
    stream.release(LINGER_MS);
    if (!expectedStatus(target, status)) {
      return result(status, `status ${status}, expected ${target.expect_status ?? "2xx"}`);
    }
    if (target.expect_text !== undefined && !body.toString("utf8").includes(target.expect_text)) {
      return result(status, "expect_text not found in the answer");
    }
    return result(status);
  } catch (error) {
    stream.destroy();
    if (!(error instanceof ProbeFailure)) throw error;
    const reason =
      error.reason === "timeout"
        ? `timed out after ${settings.timeoutMs} ms`
        : `${inTls ? "TLS: " : ""}${error.message}`;
    return result(status, reason);
  }
}

/** Every target through one live proxy, at once: each on a connection of its own. */
export function requestTargets(
  proxy: LiveProxy,
  targets: readonly CheckTarget[],
  settings: TargetRequestSettings,
): Promise<TargetResult[]> {
  return Promise.all(targets.map((target) => requestTarget(proxy, target, settings)));
}
