import type { Server, Socket } from "node:net";

export interface ListeningLoopbackServer {
  port: number;
  /** Destroys every tracked socket, runs `beforeStop`, then closes; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Listens on a free port of 127.0.0.1 (or another loopback `host`). Tests' fake servers keep their sockets in `sockets`, so
 * stopping never waits on a connection a probe left hanging.
 */
export function listenOnLoopback(
  server: Server,
  options: { sockets: Set<Socket>; backlog: number; beforeStop?: () => void; host?: string },
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
            options.beforeStop?.();
            for (const socket of options.sockets) socket.destroy();
            server.close(() => done());
          });
          return stopping;
        },
      });
    });
  });
}
