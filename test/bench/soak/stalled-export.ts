import { connect } from "node:net";

/**
 * Starts an export and never reads it: the request goes out on a raw socket that is paused, so the
 * server's writes back up. Resolves with how long the server took to end the connection.
 */
export function stalledExport(
  apiUrl: string,
  apiKey: string,
  path: string,
  giveUpMs: number,
): Promise<number> {
  const url = new URL(apiUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${apiKey}\r\nConnection: close\r\n\r\n`,
      );
      socket.pause();
    });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Date.now() - started);
    };
    const timer = setTimeout(done, giveUpMs);
    socket.once("close", done);
    socket.once("error", done);
  });
}
