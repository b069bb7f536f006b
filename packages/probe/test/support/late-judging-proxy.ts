import { createServer } from "node:net";
import { signJudgeAnswer } from "@sieve/probe";

/**
 * Run as a process of its own (`JUDGE_SECRET=… node --import tsx late-judging-proxy.ts <delay ms>`): an
 * HTTP proxy that is its own judge. Each absolute-URI GET is answered `delay` ms after it arrives
 * with the signed answer the real judge would give (the request's nonce, the peer's address, no
 * headers). In another process, its answers come on time however long the checker's event loop
 * is held. Prints its port.
 */
const secret = process.env.JUDGE_SECRET ?? "";
const delay = process.argv[2] ?? "100";
const server = createServer((socket) => {
  socket.on("error", () => {});
  let head = "";
  socket.on("data", (chunk: Buffer) => {
    head += chunk.toString("latin1");
    if (!head.includes("\r\n\r\n")) return;
    const nonce = /[?&]nonce=([^ &]+)/.exec(head)?.[1] ?? "";
    const body = signJudgeAnswer(secret, { nonce, ip: socket.remoteAddress ?? "", headers: [] });
    setTimeout(() => {
      socket.end(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }, Number(delay));
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(typeof address === "object" && address ? address.port : 0);
});
