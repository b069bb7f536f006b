import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server as NetServer } from "node:net";
import type { Logger } from "@sieve/core";
import { createJudgeHandler } from "./judge-handler.ts";
import type { SourceLimitSettings } from "./source-limits.ts";
import type { TlsCredentials } from "./tls-credentials.ts";
import { createTlsPortServer } from "./tls-port.ts";

export interface JudgeDeps {
  secret: string;
  tls: TlsCredentials;
  logger: Logger;
  /** Per-source limits; the defaults suit a fleet. */
  limits?: SourceLimitSettings;
}

export interface Judge {
  /** Binds both listeners; port 0 picks free ports. */
  listen(options: {
    host: string;
    httpPort: number;
    httpsPort: number;
  }): Promise<{ httpPort: number; httpsPort: number }>;
  /** Stops accepting, ends idle connections and waits for the rest; safe to call twice. */
  close(): Promise<void>;
}

function listenOn(server: NetServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port, backlog: 4096, ipv6Only: false }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function createJudge(deps: JudgeDeps): Judge {
  const handler = createJudgeHandler(deps.secret, deps.limits);
  const http = createHttpServer(handler);
  // Never listens itself: the TLS port hands it the connections that start a TLS handshake.
  const https = createHttpsServer({ cert: deps.tls.cert, key: deps.tls.key }, handler);
  for (const server of [http, https]) {
    server.on("clientError", (_error, socket) => socket.destroy());
  }
  https.on("tlsClientError", (error) => deps.logger.debug("tls client error", { error: error.message }));
  const tlsPort = createTlsPortServer({ https, http });
  let closing: Promise<void> | undefined;
  const closeListener = (server: NetServer) =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    async listen(options) {
      const httpPort = await listenOn(http, options.host, options.httpPort);
      const httpsPort = await listenOn(tlsPort, options.host, options.httpsPort);
      return { httpPort, httpsPort };
    },
    close() {
      if (!closing) {
        const closed = Promise.all([closeListener(http), closeListener(tlsPort)]);
        // Both servers hold connections of the TLS port; idle ones end now, the rest when answered.
        http.closeIdleConnections();
        https.closeIdleConnections();
        closing = closed.then(() => undefined);
      }
      return closing;
    },
  };
}
