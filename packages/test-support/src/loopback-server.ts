import { createServer, type RequestListener } from "node:http";
import type { AddressInfo, Server, Socket } from "node:net";

export interface ListeningLoopbackServer {
  port: number;
  /** Clears the server's pending timers, destroys every tracked socket, then closes; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Listens on a free port of 127.0.0.1 (or another loopback `host`). Tests' fake servers keep their sockets in `sockets`, so
 * stopping never waits on a connection a probe left hanging, and the answers they hold back in
 * `timers`, so none is sent after the stop.
 */
export function listenOnLoopback(
  server: Server,
  options: { sockets: Set<Socket>; backlog: number; timers?: Set<NodeJS.Timeout>; host?: string },
): Promise<ListeningLoopbackServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: options.host ?? "127.0.0.1", port: 0, backlog: options.backlog }, () => {
      const address = server.address();
      if (typeof address !== "object" || address === null) return reject(new Error("no address"));
      let stopping: Promise<void> | undefined;
      resolve({
        port: address.port,
        stop: () => {
          stopping ??= new Promise((done) => {
            for (const timer of options.timers ?? []) clearTimeout(timer);
            for (const socket of options.sockets) socket.destroy();
            server.close(() => done());
          });
          return stopping;
        },
      });
    });
  });
}

export interface LoopbackHttpServer {
  url: string;
  port: number;
  /** Ends every connection, kept-alive ones too, then closes. */
  close(): Promise<void>;
}

/** An HTTP server on a free port of 127.0.0.1 that answers with `handle`: a test's stand-in. */
export async function serveHttpOnLoopback(handle: RequestListener): Promise<LoopbackHttpServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
