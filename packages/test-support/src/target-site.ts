import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type RequestListener } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listenOnLoopback } from "./loopback-server.ts";

/** The text `/page` carries, which a target's `expect_text` looks for. */
export const TARGET_PAGE_TEXT = "Hello from the target";
/** The size of `/large`: past the target checks' 256 KiB cap. */
export const TARGET_LARGE_BYTES = 300 * 1024;

/**
 * A web site on loopback for target checks, over http or https:
 * `/page` (200, an HTML page with TARGET_PAGE_TEXT), `/moved` (302 to /page), `/large` (200,
 * TARGET_LARGE_BYTES of text), `/slow` (200, then a byte every 100 ms of a 1,000-byte body) and
 * `/missing` (404). It records when each path was asked for, and the Host header each request
 * carried.
 */
export interface TargetSite {
  /** `http://<host>:port` or `https://…`, without a trailing slash. */
  url: string;
  port: number;
  requests(path: string): number;
  /** When each request for `path` arrived (Date.now()), in order. */
  requestTimes(path: string): number[];
  /** The Host headers the site was sent, in order. */
  hosts(): string[];
  stop(): Promise<void>;
}

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** The certificate's file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  remove(): void;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl in a temporary folder. */
export function makeSelfSignedCertificate(): SelfSignedCertificate {
  const folder = mkdtempSync(join(tmpdir(), "sieve-target-cert-"));
  const keyFile = join(folder, "key.pem");
  const certFile = join(folder, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
    ].concat(["-subj", "/CN=sieve-test-target", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]),
    { stdio: "ignore" },
  );
  return {
    key: readFileSync(keyFile, "utf8"),
    cert: readFileSync(certFile, "utf8"),
    certFile,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export async function startTargetSite(
  options: { tls?: Pick<SelfSignedCertificate, "key" | "cert">; host?: string } = {},
): Promise<TargetSite> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  const times = new Map<string, number[]>();
  const hosts: string[] = [];
  const handle: RequestListener = (req, res) => {
    const path = req.url ?? "/";
    times.set(path, [...(times.get(path) ?? []), Date.now()]);
    hosts.push(req.headers.host ?? "");
    switch (path) {
      case "/page":
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(`<html><body><p>${TARGET_PAGE_TEXT}</p></body></html>`);
        return;
      case "/moved":
        res.writeHead(302, { Location: "/page" });
        res.end();
        return;
      case "/large":
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("x".repeat(TARGET_LARGE_BYTES));
        return;
      case "/slow": {
        res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "1000" });
        // Stopping destroys the sockets, which closes the answer and so ends the timer.
        const timer = setInterval(() => res.write("x"), 100);
        res.once("close", () => clearInterval(timer));
        return;
      }
      default:
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("not here");
    }
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const listening = await listenOnLoopback(server, { sockets, backlog: 64, host });
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${listening.port}`,
    port: listening.port,
    requests: (path) => times.get(path)?.length ?? 0,
    requestTimes: (path) => [...(times.get(path) ?? [])],
    hosts: () => [...hosts],
    stop: listening.stop,
  };
}
