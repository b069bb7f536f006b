import type { AddressInfo } from "node:net";
import { createConnection, createServer, type Server } from "node:net";

export interface DelayingForwarder {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP forwarder that holds each connection for a random time in [0, spreadMs) before
 * piping it to `targetPort` (a microsocks). A job's lines through it finish spread over that
 * time instead of together, so its progress moves every half second and its streams have
 * something to carry. What the client sends meanwhile waits in the paused socket.
 */
export async function startDelayingForwarder(
  targetPort: number,
  spreadMs: number,
): Promise<DelayingForwarder> {
  const server: Server = createServer((socket) => {
    socket.on("error", () => {});
    const timer = setTimeout(() => {
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
      upstream.on("error", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
      upstream.on("close", () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    }, Math.random() * spreadMs);
    socket.once("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
      }),
  };
}
