import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Health } from "./readiness.ts";

export interface PlainResponse {
  status: number;
  contentType: string;
  body: string;
}
export type PlainRoute = () => Promise<PlainResponse>;

export interface PlainListener {
  port: number;
  /** Stops accepting and ends idle connections; safe to call twice. */
  close(): Promise<void>;
}

/**
 * A small node:http listener answering GET on a few fixed paths: the health and metrics ports of
 * processes that have no HTTP server of their own, and the API's separate metrics port.
 */
export function startPlainListener(
  routes: Record<string, PlainRoute>,
  options: { host: string; port: number },
): Promise<PlainListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const route = routes[path];
    const answer: Promise<PlainResponse> =
      request.method !== "GET" && request.method !== "HEAD"
        ? Promise.resolve(json(405, { error: `${request.method} is not allowed here` }))
        : route
          ? route().catch((error: Error) => json(500, { error: error.message }))
          : Promise.resolve(json(404, { error: `no route for ${request.method} ${path}` }));
    void answer.then(({ status, contentType, body }) => {
      response.writeHead(status, {
        "content-type": contentType,
        "content-length": Buffer.byteLength(body),
        "cache-control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}

export function json(status: number, body: unknown): PlainResponse {
  return { status, contentType: "application/json", body: JSON.stringify(body) };
}

/** `/livez` (the process answers) and `/readyz` (its dependencies do, and it is not draining). */
export function healthRoutes(health: Health): Record<string, PlainRoute> {
  return {
    "/livez": async () => json(200, { status: "ok" }),
    "/readyz": async () => readinessResponse(await health.readiness()),
  };
}

/** 200 `{status: "ready", checks}` or 503 `{error, checks}` naming what failed. */
export function readinessResponse(report: Awaited<ReturnType<Health["readiness"]>>): PlainResponse {
  if (report.ready) return json(200, { status: "ready", checks: report.checks });
  const failed = Object.entries(report.checks)
    .filter(([, outcome]) => outcome !== "ok")
    .map(([name, outcome]) => `${name}: ${outcome}`);
  if (report.draining) failed.unshift("draining after SIGTERM");
  return json(503, { error: `not ready: ${failed.join("; ")}`, checks: report.checks });
}
