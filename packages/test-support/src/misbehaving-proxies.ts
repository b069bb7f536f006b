import { createServer, type Socket } from "node:net";
import { listenOnLoopback } from "./loopback-server.ts";

/**
 * Fake proxies that misbehave in the ways real ones on the internet do. Each listens on a free
 * port (of loopback unless told otherwise) and counts the connections it accepted.
 */
export type Misbehaviour =
  /** Accepts, reads, and never answers. */
  | { kind: "hang" }
  /** Closes every connection as soon as it is accepted. */
  | { kind: "close" }
  /** Answers anything with bytes that are no protocol at all. */
  | { kind: "garbage" }
  /** Starts a plausible HTTP answer, then sends one byte every `intervalMs`. */
  | { kind: "trickle"; intervalMs: number }
  /** Answers every request with this HTTP response, like a proxy impersonating the judge. */
  | { kind: "answer"; response: string }
  /** Answers with an HTTP head, then `bodyBytes` of body in 1 KB writes every `intervalMs`. */
  | { kind: "stream"; bodyBytes: number; intervalMs: number };

export interface FakeProxy {
  host: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections accepted and not yet closed. */
  open(): number;
  /** Connections the client ended with a reset rather than a close. */
  resets(): number;
  /** Body bytes a "stream" fake had written when its client went away (one entry per connection). */
  sentAtClose(): number[];
  stop(): Promise<void>;
}

function behave(socket: Socket, behaviour: Misbehaviour, sentAtClose: number[]): void {
  switch (behaviour.kind) {
    case "hang":
      // Reads and drops what comes, so it sees the client close; a paused socket never would.
      socket.resume();
      return;
    case "close":
      socket.end();
      return;
    case "garbage":
      socket.once("data", () => socket.write(Buffer.from("\x07\xfe\x00garbage\xff\r\n\r\n\x01\x02")));
      return;
    case "trickle": {
      const answer = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${"x".repeat(100_000)}`);
      let sent = 0;
      socket.once("data", () => {
        const timer = setInterval(() => {
          if (sent < answer.length) socket.write(answer.subarray(sent, ++sent));
        }, behaviour.intervalMs);
        socket.once("close", () => clearInterval(timer));
      });
      return;
    }
    case "stream": {
      let sent = 0;
      socket.once("data", () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${behaviour.bodyBytes}\r\n\r\n`);
        const timer = setInterval(() => {
          if (sent >= behaviour.bodyBytes) return clearInterval(timer);
          const chunk = Math.min(1024, behaviour.bodyBytes - sent);
          socket.write("x".repeat(chunk));
          sent += chunk;
        }, behaviour.intervalMs);
        socket.once("close", () => {
          clearInterval(timer);
          sentAtClose.push(sent);
        });
      });
      return;
    }
    case "answer": {
      let head = "";
      socket.on("data", (chunk: Buffer) => {
        head += chunk.toString("latin1");
        if (head.includes("\r\n\r\n")) socket.end(behaviour.response);
      });
      return;
    }
  }
}

/** `host` is 127.0.0.1 unless given, e.g. a namespace host's own address. */
export async function startFakeProxy(
  behaviour: Misbehaviour,
  options: { host?: string } = {},
): Promise<FakeProxy> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  let accepted = 0;
  let resets = 0;
  const sentAtClose: number[] = [];
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET") resets += 1;
    });
    socket.once("close", () => sockets.delete(socket));
    behave(socket, behaviour, sentAtClose);
  });
  const listening = await listenOnLoopback(server, { sockets, backlog: 8192, host });
  return {
    host,
    port: listening.port,
    connections: () => accepted,
    open: () => sockets.size,
    resets: () => resets,
    sentAtClose: () => [...sentAtClose],
    stop: listening.stop,
  };
}

/** An HTTP response carrying `body` as JSON, for fakes that pose as the judge. */
export function httpAnswer(body: string, status = "200 OK", extraHeaders = ""): string {
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`;
}
