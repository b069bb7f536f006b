import { connect, createServer, type Socket } from "node:net";
import { listenOnLoopback } from "@sieve/test-support/harness";

/**
 * One port that speaks HTTP (absolute-URI GET only; CONNECT is refused with 405), SOCKS5 and
 * SOCKS4, telling them apart by the first byte as mixed ports do (Clash's mixed-port, gost,
 * glider). Its SOCKS replies may come `socksDelayMs` late, after a probe's HTTP answer: the
 * detection must still find them. With `http: "reset"` it speaks only SOCKS and resets a
 * connection whose first byte is no SOCKS version.
 */
export interface MixedPortProxy {
  host: string;
  port: number;
  /** Connections per protocol the first byte chose. */
  connections(): Record<"http" | "socks5" | "socks4", number>;
  stop(): Promise<void>;
}

export async function startMixedPortProxy(options: {
  socksDelayMs: number;
  http?: "speak" | "reset";
}): Promise<MixedPortProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const counts = { http: 0, socks5: 0, socks4: 0 };
  const later = (work: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      work();
    }, options.socksDelayMs);
    timers.add(timer);
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("close", () => sockets.delete(socket));
  };
  const relay = (client: Socket, host: string, port: number, first: Buffer, reply?: Buffer) => {
    const upstream = connect({ host, port });
    track(upstream);
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
    upstream.once("connect", () => {
      if (reply) client.write(reply);
      if (first.length > 0) upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  };

  const http = (client: Socket, head: Buffer) => {
    counts.http += 1;
    let text = head.toString("latin1");
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      check();
    };
    const check = () => {
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const match = /^GET http:\/\/([\d.]+):(\d+)(\/\S*) (HTTP\/1\.[01])\r\n/.exec(text);
      if (!match) {
        client.end("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const [, host = "", port = "", path = "", version = ""] = match;
      const rest = text.slice(text.indexOf("\r\n") + 2);
      relay(client, host, Number(port), Buffer.from(`GET ${path} ${version}\r\n${rest}`, "latin1"));
    };
    client.on("data", onData);
    check();
  };

  const socks5 = (client: Socket, first: Buffer) => {
    counts.socks5 += 1;
    let buffer = first;
    let stage: "greeting" | "waiting" | "request" = "greeting";
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      step();
    };
    const step = () => {
      if (stage === "greeting" && buffer.length >= 2 && buffer.length >= 2 + buffer[1]!) {
        buffer = buffer.subarray(2 + buffer[1]!);
        stage = "waiting";
        later(() => {
          client.write(Buffer.from([5, 0]));
          stage = "request";
          step();
        });
      }
      if (stage !== "request" || buffer.length < 4) return;
      if (buffer[0] !== 5 || buffer[1] !== 1 || buffer[3] !== 1) {
        client.destroy();
        return;
      }
      if (buffer.length < 10) return;
      client.off("data", onData);
      const host = [...buffer.subarray(4, 8)].join(".");
      const port = buffer.readUInt16BE(8);
      relay(client, host, port, buffer.subarray(10), Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
    };
    client.on("data", onData);
    step();
  };

  const socks4 = (client: Socket, first: Buffer) => {
    counts.socks4 += 1;
    let buffer = first;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      step();
    };
    const step = () => {
      const end = buffer.indexOf(0, 8);
      if (buffer.length < 9 || end < 0) return;
      client.off("data", onData);
      const port = buffer.readUInt16BE(2);
      const host = [...buffer.subarray(4, 8)].join(".");
      const rest = buffer.subarray(end + 1);
      later(() => relay(client, host, port, rest, Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0])));
    };
    client.on("data", onData);
    step();
  };

  const server = createServer((client) => {
    track(client);
    client.once("data", (first: Buffer) => {
      if (first[0] === 5) socks5(client, first);
      else if (first[0] === 4) socks4(client, first);
      else if (options.http === "reset") client.resetAndDestroy();
      else http(client, first);
    });
  });
  const listening = await listenOnLoopback(server, {
    sockets,
    backlog: 511,
    timers,
  });
  return {
    host: "127.0.0.1",
    port: listening.port,
    connections: () => ({ ...counts }),
    stop: listening.stop,
  };
}
