import type { ProxyProtocolName } from "@sieve/vocabulary";

/** Well-known public lists, added as sources when SOURCE_DEFAULTS=true. */
export const defaultSources: readonly { location: string; protocol?: ProxyProtocolName }[] = [
  { location: "https://raw.githubusercontent.com/TheSpeedX/PROXY-List/master/http.txt", protocol: "http" },
  {
    location: "https://raw.githubusercontent.com/TheSpeedX/PROXY-List/master/socks4.txt",
    protocol: "socks4",
  },
  {
    location: "https://raw.githubusercontent.com/TheSpeedX/PROXY-List/master/socks5.txt",
    protocol: "socks5",
  },
  {
    location: "https://raw.githubusercontent.com/monosans/proxy-list/main/proxies/http.txt",
    protocol: "http",
  },
  {
    location: "https://raw.githubusercontent.com/monosans/proxy-list/main/proxies/socks5.txt",
    protocol: "socks5",
  },
  { location: "https://raw.githubusercontent.com/clarketm/proxy-list/master/proxy-list-raw.txt" },
  {
    location: "https://api.proxyscrape.com/v2/?request=getproxies&protocol=http&timeout=10000&country=all",
    protocol: "http",
  },
];

/** Minutes between fetches of a default list. */
export const DEFAULT_SOURCE_INTERVAL_MINUTES = 60;
