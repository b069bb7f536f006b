import { connect, type Socket } from "node:net";
import { listenOnLoopback } from "./loopback-server.ts";
import { proxyRequestServer } from "./slow-http-proxy.ts";

/**
 * A plain HTTP proxy (absolute-form requests only, no CONNECT) that rewrites the pages it
 * relays, as ad-injecting proxies on the internet do: an answer whose Content-Type is text/html
 * has its body passed through `rewrite`, anything else (the judge's JSON) is relayed untouched,
 * so the proxy still passes the judge. It listens on `host` (127.0.0.1 unless told), so a test can
 * allow its address alone.
 */
export interface RewritingProxy {
  host: string;
  port: number;
  /** Pages it rewrote so far. */
  rewritten(): number;
  stop(): Promise<void>;
}

const HEAD_END = "\r\n\r\n";

/** The relayed answer, its body rewritten when it is a page; Content-Length follows the new body. */
function rewriteAnswer(answer: Buffer, rewrite: (body: string) => string): Buffer | undefined {
  const end = answer.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const head = answer.subarray(0, end).toString("latin1");
  if (!/^content-type:\s*text\/html/im.test(head)) return undefined;
  const body = rewrite(answer.subarray(end + HEAD_END.length).toString("utf8"));
  const lines = head.split("\r\n").filter((line) => !/^(content-length|transfer-encoding):/i.test(line));
  return Buffer.from(
    `${[...lines, `Content-Length: ${Buffer.byteLength(body)}`].join("\r\n")}${HEAD_END}${body}`,
  );
}

export async function startRewritingProxy(options: {
  rewrite: (body: string) => string;
  host?: string;
}): Promise<RewritingProxy> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  let rewritten = 0;
  const server = proxyRequestServer(sockets, (client, request) => {
    // The requests tests send ask for Connection: close, so the whole answer is what arrives
    // before the upstream closes.
    const upstream = connect({ host: request.judgeHost, port: request.judgePort });
    sockets.add(upstream);
    const parts: Buffer[] = [];
    upstream.on("data", (part: Buffer) => parts.push(part));
    upstream.on("error", () => client.destroy());
    upstream.once("close", () => {
      sockets.delete(upstream);
      const answer = Buffer.concat(parts);
      const changed = rewriteAnswer(answer, options.rewrite);
      if (changed) rewritten += 1;
      client.end(changed ?? answer);
    });
    upstream.write(request.forwarded);
  });
  const listening = await listenOnLoopback(server, { sockets, backlog: 64, host });
  return { host, port: listening.port, rewritten: () => rewritten, stop: listening.stop };
}
