import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { stderrListener } from "../error-listener.ts";
import { PrismaClient } from "../generated/prisma/client.ts";

export { PrismaClient };

/**
 * The pools of one process. Prisma and the short queries share `pool`; streamed exports, which
 * hold a connection for as long as their reader takes, get `exportPool`, so a slow or stalled
 * reader can never take the connections every other request needs.
 */
export interface Database {
  pool: pg.Pool;
  exportPool: pg.Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  /** Connections for streamed exports, apart from `poolMax`. */
  exportPoolMax?: number;
  /** How long a query waits for a free connection before it fails as unavailable (a 503). */
  acquireTimeoutMs?: number;
  /** PostgreSQL's statement_timeout for the shared pool (none when unset): no request holds a connection longer. */
  statementTimeoutMs?: number;
  /** statement_timeout of the export pool (none when unset): a whole export must finish within it. */
  exportStatementTimeoutMs?: number;
  /** An idle client that loses its server reports here; without a listener the process would crash. */
  onError?: (error: Error) => void;
}

// A transaction left open (a crashed request between BEGIN and COMMIT) gives its locks back after this.
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

export function createDatabase(options: DatabaseOptions): Database {
  const common = {
    connectionString: options.url,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  const pool = new pg.Pool({
    ...common,
    max: options.poolMax ?? 20,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  const exportPool = new pg.Pool({
    ...common,
    max: options.exportPoolMax ?? 4,
    ...(options.exportStatementTimeoutMs ? { statement_timeout: options.exportStatementTimeoutMs } : {}),
  });
  const onError = options.onError ?? stderrListener("database pool");
  pool.on("error", onError);
  exportPool.on("error", onError);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closing: Promise<void> | undefined;
  return {
    pool,
    exportPool,
    prisma,
    close() {
      closing ??= (async () => {
        await prisma.$disconnect().catch(() => {});
        await Promise.all([pool.end().catch(() => {}), exportPool.end().catch(() => {})]);
      })();
      return closing;
    },
  };
}
