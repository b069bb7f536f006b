import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Express } from "express";

export interface ListeningServer {
  server: Server;
  port: number;
  /**
   * Stops accepting, lets requests in flight finish, then closes every connection (at the latest
   * after `drainMs`), so nothing still runs when the caller closes the database. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Requests Node's parser refuses before Express sees them (headers over the limit, malformed
 * request lines) get the same JSON error body as every other refusal, instead of Node's bare line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "request headers are larger than the server accepts"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "the request was not received in time"]
        : [400, "Bad Request", "the request is not valid HTTP"];
  const body = JSON.stringify({ error: message, code: "invalid_request" });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function listen(
  app: Express,
  port: number,
  host: string,
  options: { drainMs?: number } = {},
): Promise<ListeningServer> {
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  let onDrained: (() => void) | undefined;

  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      resolve({ server, port: (server.address() as AddressInfo).port, close });
    });

    server.on("clientError", answerClientError);

    // Keep-alive clients would otherwise go on sending requests after close(), for ever.
    server.prependListener("request", (_req, res: ServerResponse) => {
      if (closing) res.setHeader("Connection", "close");
      inFlight.add(res);
      res.once("close", () => {
        inFlight.delete(res);
        if (inFlight.size === 0) onDrained?.();
      });
    });

    function close(): Promise<void> {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
        server.closeIdleConnections();
        const closeAll = () => {
          clearTimeout(deadline);
          onDrained = undefined;
          server.closeAllConnections();
        };
        const deadline = setTimeout(closeAll, options.drainMs ?? 5000);
        if (inFlight.size === 0) closeAll();
        else onDrained = closeAll;
      });
      return closing;
    }
  });
}
