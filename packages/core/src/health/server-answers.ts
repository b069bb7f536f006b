import { connect } from "node:net";
import pg from "pg";

/*
 * Whether a server one is about to use (or has just started) answers yet: for starting local
 * PostgreSQL and Redis servers and waiting on them, before any pool or client is made.
 */

/** A PostgreSQL at `url` accepts a connection and answers a query within a second. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A Redis on 127.0.0.1:`port` answers PING (spoken raw: no client, no reconnecting). */
export function redisAnswersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}
