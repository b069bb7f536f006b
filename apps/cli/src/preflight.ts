import { Redis } from "ioredis";
import pg from "pg";

const HOW_TO_START = "start it with `bash infra/dev/setup-machine.sh` (or your service manager)";

function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith("redis") ? 6379 : 5432)}`;
}

/** One clear line per unreachable service, or none when both answer. */
export async function findUnreachableServices(databaseUrl: string, redisUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const server = new URL(databaseUrl);
  server.pathname = "/postgres";
  const client = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    problems.push(
      `PostgreSQL is not reachable at ${where(databaseUrl)} (${(error as Error).message}): ${HOW_TO_START}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(
      `Redis is not reachable at ${where(redisUrl)} (${(lastError ?? (error as Error)).message}): ${HOW_TO_START}`,
    );
  } finally {
    redis.disconnect();
  }
  return problems;
}
