import { connect, createServer, type Server, type Socket } from "node:net";
import { listenOnLoopback } from "./loopback-server.ts";

/**
 * A working HTTP proxy that takes its time: each request is held for `delayMs`, then forwarded
 * to the host in its absolute URI (the judge) and the answer relayed back. Check jobs through it
 * stay mid-flight long enough to break something under them. It counts what reached it, so tests
 * can tell how often each item was probed and on behalf of which worker.
 */
export interface SlowHttpProxy {
  host: string;
  port: number;
  /** Requests received so far. */
  requests(): number;
  /** Requests per Proxy-Authorization username, which tests make unique per item. */
  requestsByUser(): ReadonlyMap<string, number>;
  /** Requests per judge port named in the request; workers given different judges are told apart by it. */
  requestsByJudgePort(): ReadonlyMap<number, number>;
  /** `http://<name>:x@host:port`: a line users would submit, probed only as an HTTP proxy. */
  line(name: string): string;
  stop(): Promise<void>;
}

/** An absolute-form request as a plain HTTP proxy receives it. */
export interface ProxyRequest {
  user: string;
  judgeHost: string;
  judgePort: number;
  /** The request rewritten to origin form, without the proxy's own headers. */
  forwarded: string;
}

/** Reads an absolute-form request head (`GET http://host:port/path HTTP/1.1`); null for any other. */
function parseProxyRequest(head: string): ProxyRequest | null {
  const [requestLine = "", ...headerLines] = head.split("\r\n");
  const match = /^(\S+) http:\/\/([^/:]+):(\d+)(\/\S*) (HTTP\/1\.[01])$/.exec(requestLine);
  if (!match) return null;
  const [, method, judgeHost = "", judgePort = "", path, version] = match;
  let user = "";
  const kept: string[] = [];
  for (const header of headerLines) {
    const [name = "", value = ""] = header.split(/:\s*/, 2);
    if (name.toLowerCase() !== "proxy-authorization") {
      kept.push(header);
      continue;
    }
    const token = value.replace(/^Basic\s+/i, "");
    user = Buffer.from(token, "base64").toString("utf8").split(":")[0] ?? "";
  }
  return {
    user,
    judgeHost,
    judgePort: Number(judgePort),
    forwarded: [`${method} ${path} ${version}`, ...kept].join("\r\n"),
  };
}

/**
 * A server of absolute-form requests: reads each client's request head, answers any other with a
 * 400, and hands on the parsed request, `forwarded` followed by whatever came after the head.
 * Clients (and whatever `onRequest` adds) are kept in `sockets`, so stopping never waits on one.
 */
export function proxyRequestServer(
  sockets: Set<Socket>,
  onRequest: (client: Socket, request: ProxyRequest) => void,
): Server {
  return createServer((client) => {
    sockets.add(client);
    client.on("error", () => {});
    client.once("close", () => sockets.delete(client));
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const request = parseProxyRequest(head.slice(0, end + 2));
      if (!request) {
        client.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
        return;
      }
      request.forwarded += `\r\n${head.slice(end + 4)}`;
      onRequest(client, request);
    };
    client.on("data", onData);
  });
}

const increment = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export async function startSlowHttpProxy(options: { delayMs: number }): Promise<SlowHttpProxy> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const byUser = new Map<string, number>();
  const byJudgePort = new Map<number, number>();
  let total = 0;

  const relay = (client: Socket, request: ProxyRequest) => {
    const upstream = connect({ host: request.judgeHost, port: request.judgePort });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    upstream.once("close", () => sockets.delete(upstream));
    client.once("close", () => upstream.destroy());
    upstream.write(request.forwarded);
    upstream.pipe(client);
  };

  const server = proxyRequestServer(sockets, (client, request) => {
    total += 1;
    increment(byUser, request.user);
    increment(byJudgePort, request.judgePort);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!client.destroyed) relay(client, request);
    }, options.delayMs);
    timers.add(timer);
  });

  const listening = await listenOnLoopback(server, {
    sockets,
    backlog: 1024,
    timers,
  });
  return {
    host: "127.0.0.1",
    port: listening.port,
    requests: () => total,
    requestsByUser: () => byUser,
    requestsByJudgePort: () => byJudgePort,
    line: (name) => `http://${name}:x@127.0.0.1:${listening.port}`,
    stop: listening.stop,
  };
}
