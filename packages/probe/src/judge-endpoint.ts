import { canonicalIp, invalidRequest } from "@sieve/vocabulary";

/** Where probes send the judge request. The host is an IP literal: SOCKS4 can carry nothing else. */
export interface JudgeEndpoint {
  host: string;
  port: number;
  /** `Host` header value. */
  authority: string;
  /** Path and query before the nonce parameter is appended. */
  path: string;
  /** Absolute URI for plain HTTP proxies, before the nonce parameter. */
  absolute: string;
}

export function parseJudgeUrl(text: string, scheme: "http" | "https"): JudgeEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidRequest(`judge URL "${text}" is not a URL`);
  }
  if (url.protocol !== `${scheme}:`) throw invalidRequest(`judge URL "${text}" must use ${scheme}://`);
  const bare = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const host = canonicalIp(bare);
  if (host === undefined)
    throw invalidRequest(`judge URL "${text}" must name an IP address, not a host name`);
  const port = url.port === "" ? (scheme === "http" ? 80 : 443) : Number(url.port);
  const path = `${url.pathname}${url.search === "" ? "?" : `${url.search}&`}`;
  return { host, port, authority: url.host, path, absolute: `${scheme}://${url.host}${path}` };
}
