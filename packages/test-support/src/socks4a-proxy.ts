import { connect, createServer, type Socket } from "node:net";
import { listenOnLoopback } from "./loopback-server.ts";

export interface Socks4aProxy {
  host: string;
  port: number;
  /** Destinations requested by name, as `host:port`. */
  requested: string[];
  stop(): Promise<void>;
}

/**
 * A minimal SOCKS4a server (dante answers 4a requests with a rejection): it accepts only the 4a
 * form, where the destination travels as a name after the user id, and relays to it.
 */
export async function startSocks4aProxy(): Promise<Socks4aProxy> {
  const requested: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("error", () => {});
    client.once("close", () => sockets.delete(client));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const userEnd = head.indexOf(0, 8);
      const nameEnd = userEnd === -1 ? -1 : head.indexOf(0, userEnd + 1);
      if (nameEnd === -1) return;
      client.off("data", onData);
      const isSocks4a = head[0] === 4 && head[1] === 1 && head[4] === 0 && head[5] === 0 && head[6] === 0;
      if (!isSocks4a) {
        client.end(Buffer.from([0, 0x5b, 0, 0, 0, 0, 0, 0]));
        return;
      }
      const port = head.readUInt16BE(2);
      const name = head.subarray(userEnd + 1, nameEnd).toString();
      requested.push(`${name}:${port}`);
      const upstream = connect({ host: name, port });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.once("close", () => sockets.delete(upstream));
      upstream.once("connect", () => {
        client.write(Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0]));
        const rest = head.subarray(nameEnd + 1);
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
    };
    client.on("data", onData);
  });
  const listening = await listenOnLoopback(server, { sockets, backlog: 511 });
  return { host: "127.0.0.1", port: listening.port, requested, stop: listening.stop };
}
