import { connect } from "node:net";

/**
 * Starts an export and reads nothing for `stallMs` after its first bytes, so the server's writes
 * back up (the export must be far larger than both ends' socket buffers). Then reads on to the
 * end and says whether the server had cut the response (no closing chunk) or served it whole.
 */
export function stalledExport(
  apiUrl: string,
  apiKey: string,
  path: string,
  stallMs: number,
): Promise<"cut" | "served whole" | "no answer"> {
  const url = new URL(apiUrl);
  return new Promise((resolve) => {
    let tail = "";
    let settled = false;
    const finish = (outcome: "cut" | "served whole" | "no answer") => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      socket.destroy();
      resolve(outcome);
    };
    const socket = connect(Number(url.port), url.hostname, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${apiKey}\r\n\r\n`),
    );
    const giveUp = setTimeout(() => finish("no answer"), stallMs + 120_000);
    socket.once("data", () => {
      socket.pause();
      setTimeout(() => socket.resume(), stallMs);
    });
    socket.on("data", (data: Buffer) => {
      tail = (tail + data.toString("latin1")).slice(-16);
      if (tail.endsWith("\r\n0\r\n\r\n")) finish("served whole");
    });
    socket.once("close", () => finish("cut"));
    socket.once("error", () => finish("cut"));
  });
}
