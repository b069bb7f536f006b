import { parseRedisUrl } from "@sieve/vocabulary";
import { Cluster, Redis } from "ioredis";
import pg from "pg";

function where(url: string): string {
  const target = parseRedisUrl(url);
  if (target.cluster) return target.nodes.map((node) => `${node.host}:${node.port}`).join(",");
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith("redis") ? 6379 : 5432)}`;
}

/** Why PostgreSQL at `databaseUrl` cannot be used, in one line, or undefined when it answers. */
export async function postgresProblem(databaseUrl: string, hint: string): Promise<string | undefined> {
  const server = new URL(databaseUrl);
  server.pathname = "/postgres";
  const client = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${where(databaseUrl)} (${(error as Error).message}): ${hint}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why Redis at `redisUrl` cannot be used, in one line, or undefined when it answers PING. */
export async function redisProblem(redisUrl: string, hint: string): Promise<string | undefined> {
  const singleTry = { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0 } as const;
  const target = parseRedisUrl(redisUrl);
  const redis = target.cluster
    ? new Cluster(target.nodes, {
        lazyConnect: true,
        clusterRetryStrategy: () => null,
        redisOptions: {
          ...singleTry,
          ...(target.username ? { username: target.username } : {}),
          ...(target.password ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
        },
      })
    : new Redis(redisUrl, { ...singleTry, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `Redis is not reachable at ${where(redisUrl)} (${(lastError ?? (error as Error)).message}): ${hint}`;
  } finally {
    redis.disconnect();
  }
}
