import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { signJudgeAnswer } from "@sieve/probe";
import { listenOnLoopback } from "./loopback-server.ts";
import { proxyRequestServer } from "./slow-http-proxy.ts";

export interface LateJudgingProxy {
  host: string;
  port: number;
  /** How long after each request's end its answer was written, as this process's clock saw it. */
  holds(): number[];
  stop(): Promise<void>;
}

/**
 * An HTTP proxy that is its own judge (reading requests as `startSlowHttpProxy` does): each
 * absolute-URI GET is answered `delayMs` after it came with the answer the real judge would sign
 * with `secret` (the request's nonce, the peer's address, no headers). No judge round trip follows the delay, so the delay is the whole of the
 * proxy's part; run it in a process of its own and its answers keep time however long the
 * checker's event loop is held. `holds()` says how late its own timer made it.
 */
export async function startLateJudgingProxy(options: {
  secret: string;
  delayMs: number;
}): Promise<LateJudgingProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const holds: number[] = [];
  const server = proxyRequestServer(sockets, (client, request) => {
    const came = performance.now();
    const nonce = /[?&]nonce=([^ &]+)/.exec(request.forwarded)?.[1] ?? "";
    const body = signJudgeAnswer(options.secret, { nonce, ip: client.remoteAddress ?? "", headers: [] });
    const timer = setTimeout(() => {
      timers.delete(timer);
      holds.push(performance.now() - came);
      client.end(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }, options.delayMs);
    timers.add(timer);
  });
  // A backlog for the probe bench's thousands of connections at once.
  const listening = await listenOnLoopback(server, { sockets, timers, backlog: 8192 });
  return { host: "127.0.0.1", port: listening.port, holds: () => [...holds], stop: listening.stop };
}
