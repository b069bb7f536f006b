import { connect } from "node:net";

/**
 * The floor for an HTTP proxy: the least code that does what a pinned HTTP probe does on the
 * wire. One absolute-URI GET through the proxy, read to the end, one timeout timer; no parsing
 * beyond the status line.
 */
export function rawHttpProxyRequest(
  proxy: { host: string; port: number },
  request: string,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: proxy.host, port: proxy.port, noDelay: true });
    const timer = setTimeout(() => socket.resetAndDestroy(), timeoutMs);
    let head = "";
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => {
      if (head.length < 12) head += chunk.subarray(0, 12).toString("latin1");
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(/^HTTP\/1\.[01] 200/.test(head));
    });
  });
}
