import { connect } from "node:net";

/**
 * The floor: the least code that does what a SOCKS5 probe does on the wire. Greeting, CONNECT to
 * the judge, one GET, read to the end; one timeout timer, as any checker needs. No parsing beyond
 * the status line, no checks.
 */
export function rawSocks5Request(
  proxy: { host: string; port: number },
  judge: { octets: number[]; port: number; request: string },
  timeoutMs: number,
  /** Told the time from the dial to the connect event, taken where the prober takes its connect_ms. */
  onConnected?: (ms: number) => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    const dialled = performance.now();
    const socket = connect({ host: proxy.host, port: proxy.port, noDelay: true });
    // Reset like the prober does, so neither leaves TIME_WAIT ports that slow the other's connects.
    const timer = setTimeout(() => socket.resetAndDestroy(), timeoutMs);
    let stage = 0;
    let received: Buffer = Buffer.alloc(0);
    socket.on("connect", () => {
      onConnected?.(performance.now() - dialled);
      socket.write(Buffer.from([5, 1, 0]));
    });
    socket.on("data", (chunk: Buffer) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      if (stage === 0 && received.length >= 2) {
        received = received.subarray(2);
        stage = 1;
        socket.write(Buffer.from([5, 1, 0, 1, ...judge.octets, judge.port >> 8, judge.port & 0xff]));
      }
      if (stage === 1 && received.length >= 10) {
        received = received.subarray(10);
        stage = 2;
        socket.write(judge.request);
      }
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(stage === 2 && received.subarray(0, 12).toString() === "HTTP/1.1 200");
    });
  });
}
