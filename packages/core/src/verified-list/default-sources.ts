import type { ProxyProtocolName } from "@sieve/vocabulary";

const github = (path: string) => `https://raw.githubusercontent.com/${path}`;

/**
 * The widely used public lists, added as sources when SOURCE_DEFAULTS=true (docs/verified-list.md
 * lists them with their formats). Each format here has a fixture of its shape under
 * test/verified-list/fixtures/sources.
 */
export const defaultSources: readonly { location: string; protocol?: ProxyProtocolName }[] = [
  // ip:port, one file per protocol.
  { location: github("TheSpeedX/PROXY-List/master/http.txt"), protocol: "http" },
  { location: github("TheSpeedX/PROXY-List/master/socks4.txt"), protocol: "socks4" },
  { location: github("TheSpeedX/PROXY-List/master/socks5.txt"), protocol: "socks5" },
  { location: github("monosans/proxy-list/main/proxies/http.txt"), protocol: "http" },
  { location: github("monosans/proxy-list/main/proxies/socks4.txt"), protocol: "socks4" },
  { location: github("monosans/proxy-list/main/proxies/socks5.txt"), protocol: "socks5" },
  { location: github("hookzof/socks5_list/master/proxy.txt"), protocol: "socks5" },
  { location: github("roosterkid/openproxylist/main/HTTPS_RAW.txt"), protocol: "https" },
  { location: github("roosterkid/openproxylist/main/SOCKS4_RAW.txt"), protocol: "socks4" },
  { location: github("roosterkid/openproxylist/main/SOCKS5_RAW.txt"), protocol: "socks5" },
  // ip:port, protocol detected.
  { location: github("clarketm/proxy-list/master/proxy-list-raw.txt") },
  // protocol://ip:port.
  {
    location:
      "https://api.proxyscrape.com/v4/free-proxy-list/get?request=display_proxies&proxy_format=protocolipport&format=text",
  },
  // ip:port:Country (hideip.me).
  { location: github("zloi-user/hideip.me/main/http.txt"), protocol: "http" },
  { location: github("zloi-user/hideip.me/main/https.txt"), protocol: "https" },
  { location: github("zloi-user/hideip.me/main/socks4.txt"), protocol: "socks4" },
  { location: github("zloi-user/hideip.me/main/socks5.txt"), protocol: "socks5" },
  // ip:port CC-A-S! + (spys.me).
  { location: "https://spys.me/proxy.txt", protocol: "http" },
  { location: "https://spys.me/socks.txt", protocol: "socks5" },
  // JSON: Geonode's API and proxifly's data.json.
  {
    location:
      "https://proxylist.geonode.com/api/proxy-list?limit=500&page=1&sort_by=lastChecked&sort_type=desc",
  },
  { location: "https://cdn.jsdelivr.net/gh/proxifly/free-proxy-list@main/proxies/all/data.json" },
];

/** Minutes between fetches of a default list. */
export const DEFAULT_SOURCE_INTERVAL_MINUTES = 60;
