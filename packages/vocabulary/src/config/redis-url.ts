/** Where Redis is: one server (any URL ioredis reads), or the seed nodes of a Redis Cluster. */
export type RedisTarget =
  | { cluster: false; url: string }
  | {
      cluster: true;
      /** Seed nodes; the client learns the rest of the cluster from any one of them. */
      nodes: { host: string; port: number }[];
      username?: string;
      password?: string;
      tls: boolean;
    };

const CLUSTER_SCHEMES = { "redis+cluster:": false, "rediss+cluster:": true } as const;

/**
 * Reads REDIS_URL. A cluster is `redis+cluster://[user:password@]host:port[,host:port…]`
 * (`rediss+cluster://` for TLS): a WHATWG URL holds one host only, so the seed list is read
 * here, each node on its own. Anything else must be a URL (`redis://`, `rediss://`, …).
 * Throws an Error saying what is wrong.
 */
export function parseRedisUrl(text: string): RedisTarget {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !(scheme in CLUSTER_SCHEMES)) {
    if (!URL.canParse(text)) throw new Error("must be a URL such as redis://host:6379");
    return { cluster: false, url: text };
  }
  const rest = text.slice(scheme.length + 2).replace(/\/$/, "");
  const at = rest.lastIndexOf("@");
  const userInfo = at >= 0 ? rest.slice(0, at) : "";
  const nodes = (at >= 0 ? rest.slice(at + 1) : rest).split(",").map((node) => clusterNode(node.trim()));
  const colon = userInfo.indexOf(":");
  const username = decodeURIComponent(colon >= 0 ? userInfo.slice(0, colon) : userInfo);
  const password = colon >= 0 ? decodeURIComponent(userInfo.slice(colon + 1)) : "";
  return {
    cluster: true,
    nodes,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls: CLUSTER_SCHEMES[scheme as keyof typeof CLUSTER_SCHEMES],
  };
}

function clusterNode(node: string): { host: string; port: number } {
  const problem = `cluster node "${node}" must be host:port (redis+cluster://host:port,host:port)`;
  if (!URL.canParse(`redis://${node}`)) throw new Error(problem);
  const url = new URL(`redis://${node}`);
  if (!url.hostname || !url.port || url.pathname || url.search || url.username) throw new Error(problem);
  // IPv6 literals come back in brackets; ioredis wants the bare address.
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port) };
}

/** Whether a key prefix holds a Redis Cluster hash tag (`{sieve}`), which keeps its keys in one slot. */
export function hasHashTag(prefix: string): boolean {
  return /\{[^{}]+\}/.test(prefix);
}
