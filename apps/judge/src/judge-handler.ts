import type { IncomingMessage, ServerResponse } from "node:http";
import { judgeNoncePattern, signJudgeAnswer } from "@sieve/probe";
import { unmapIp } from "@sieve/vocabulary";

const json = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  response.end(body);
};

/**
 * Echoes the TCP peer address, the headers as received and the probe's nonce, signed. Any path is
 * answered, since proxies may rewrite absolute URIs; only the nonce parameter matters.
 */
export function createJudgeHandler(secret: string) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? "/", "http://judge.invalid");
    if (url.pathname === "/healthz") {
      json(response, 200, '{"status":"ok"}');
      return;
    }
    const nonce = url.searchParams.get("nonce");
    if (nonce === null || !judgeNoncePattern.test(nonce)) {
      json(response, 400, '{"error":"nonce parameter required (16-128 URL-safe characters)"}');
      return;
    }
    const headers: [string, string][] = [];
    for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
      headers.push([request.rawHeaders[index]!, request.rawHeaders[index + 1]!]);
    }
    const ip = unmapIp(request.socket.remoteAddress ?? "");
    json(response, 200, signJudgeAnswer(secret, { nonce, ip, headers }));
  };
}
