import { Pagination, ProxyListFilters, type ProxyListPageQuery, proxyListPageQuery } from "@sieve/core";
import { seedCountries } from "./seed-proxies.ts";

export interface ListRequest {
  /** Path and query string of GET /api/v1/api/proxies. */
  path: string;
  /** The SQL the API runs for that request's page. */
  query: ProxyListPageQuery;
}

/** Deterministic, so every run and both sides of a comparison see the same requests. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const protocols = ["http", "https", "socks4", "socks5"];
const anonymities = ["transparent", "anonymous", "elite"];

/**
 * A mix of filters a real list sees, weighted towards the plain list and the common filters.
 * Each request is parsed with the API's own schemas, so `query` is the exact SQL the API runs.
 */
export function buildRequestMix(size: number, seed = 42): ListRequest[] {
  const random = prng(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  // Popular countries are asked for more often, as they are in the data.
  const country = () => seedCountries[Math.floor(seedCountries.length * random() ** 2)]!;
  const filterKinds: (() => Record<string, string>)[] = [
    () => ({}),
    () => ({}),
    () => ({ protocol: pick(protocols) }),
    () => ({ country: country() }),
    () => ({ protocol: pick(protocols), country: country() }),
    () => ({ anonymity: pick(anonymities) }),
    () => ({ max_latency_ms: pick(["300", "500", "1000", "2000"]) }),
    () => ({ min_uptime: pick(["0.5", "0.8", "0.9", "0.95"]) }),
  ];
  const requests: ListRequest[] = [];
  for (let i = 0; i < size; i++) {
    const params: Record<string, string> = { ...pick(filterKinds)() };
    if (random() < 0.5) params.page = String(2 + Math.floor(random() * 19));
    const limit = pick(["20", "50", "50", "200", undefined]);
    if (limit) params.limit = limit;
    const { page, limit: parsedLimit, ...rest } = params;
    const filters = ProxyListFilters.parse(rest);
    const pagination = Pagination.parse({ page, limit: parsedLimit });
    const search = new URLSearchParams(params).toString();
    requests.push({
      path: `/api/v1/api/proxies${search ? `?${search}` : ""}`,
      query: proxyListPageQuery("public", filters, pagination),
    });
  }
  return requests;
}
