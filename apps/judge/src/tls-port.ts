import { createServer, type Server, type Socket } from "node:net";

/** A TLS record of type handshake: every TLS ClientHello starts with it, and no HTTP request does. */
const TLS_HANDSHAKE = 0x16;

/**
 * The judge's TLS port: a TLS client gets the HTTPS server, anything else the plain HTTP one, for
 * probes' `https` checks through CONNECT tunnels (why: `AttemptSettings.judgeHttps` in
 * @sieve/probe). `@httptoolkit/httpolyglot` does this sniff, but brings servers of its own (HTTP/2
 * among them) in place of these two, whose idle connections `Judge.close` ends.
 */
export function createTlsPortServer(servers: { https: Server; http: Server }): Server {
  const route = (socket: Socket) => {
    const first: Buffer | null = socket.read();
    if (first === null) {
      socket.once("readable", () => route(socket));
      return;
    }
    socket.unshift(first);
    (first[0] === TLS_HANDSHAKE ? servers.https : servers.http).emit("connection", socket);
  };
  return createServer((socket) => {
    // Until a server takes it, a connection that fails or closes is simply gone.
    socket.once("error", () => socket.destroy());
    route(socket);
  });
}
