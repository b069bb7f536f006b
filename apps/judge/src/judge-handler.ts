import type { IncomingMessage, ServerResponse } from "node:http";
import { checkJudgeNonce, type JudgeNonceVerdict, signJudgeAnswer } from "@sieve/probe";
import { unmapIp } from "@sieve/vocabulary";
import { createSourceLimits, type SourceLimitSettings } from "./source-limits.ts";

const json = (
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(body);
};

const refusals: Record<Exclude<JudgeNonceVerdict, "valid">, [number, string]> = {
  malformed: [400, "nonce parameter required: one minted by a Sieve prober with the shared JUDGE_SECRET"],
  forged: [403, "nonce not minted with this judge's secret"],
  expired: [403, "nonce expired (or the prober's clock is behind the judge's)"],
  too_far_ahead: [403, "nonce expires too far ahead (or the prober's clock is ahead of the judge's)"],
};

/** Generous defaults: every probe of every worker asks the judge, thousands a second. */
export const defaultSourceLimits: SourceLimitSettings = { requestsPerSecond: 20_000, refusedPerMinute: 60 };

/**
 * Echoes the TCP peer address, the headers as received and the probe's nonce, signed, but only
 * for a nonce a prober minted (see `checkJudgeNonce`): the judge signs nothing the fleet did not
 * ask for. Any path is answered, since proxies may rewrite absolute URIs; only the nonce matters.
 */
export function createJudgeHandler(secret: string, limits: SourceLimitSettings = defaultSourceLimits) {
  const sources = createSourceLimits(limits);
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://judge.invalid");
    if (url.pathname === "/healthz") {
      json(response, 200, '{"status":"ok"}');
      return;
    }
    const peer = request.socket.remoteAddress;
    const retryAfter = await sources.admit(peer);
    if (retryAfter !== undefined) {
      json(response, 429, '{"error":"too many requests from this address"}', {
        "retry-after": String(Math.max(1, retryAfter)),
      });
      return;
    }
    const nonce = url.searchParams.get("nonce");
    const verdict = nonce === null ? "malformed" : checkJudgeNonce(secret, nonce);
    if (verdict !== "valid") {
      await sources.refused(peer);
      const [status, error] = refusals[verdict];
      json(response, status, JSON.stringify({ error }));
      return;
    }
    const headers: [string, string][] = [];
    for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
      headers.push([request.rawHeaders[index]!, request.rawHeaders[index + 1]!]);
    }
    const ip = unmapIp(peer ?? "");
    json(response, 200, signJudgeAnswer(secret, { nonce: nonce!, ip, headers }));
  };
  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => response.destroy());
  };
}
