/* How the document describes the query parameters that several routes share. */

export const proxyFilterDescriptions = {
  protocol: "http, https, socks4 or socks5",
  country: "ISO country code, e.g. US",
  anonymity: "transparent, anonymous or elite",
  fresh_minutes: "Only proxies checked within N minutes (default 1440)",
  max_latency_ms: "Maximum connect latency",
  min_uptime: "Minimum uptime score (0–1)",
  asn: "Only proxies whose exit address is in this autonomous system (a number, e.g. 64500)",
  https: "true: only proxies that tunnel CONNECT to TLS",
  exit_differs: "true: only proxies whose exit address differs from their own address",
  targets_ok: "true or false: only proxies that passed (or failed) the operator's default targets",
};

export const pagination = { page: "Page, from 1 (default 1)", limit: "Items per page, 1–200 (default 50)" };
export const formatDescription = { format: "txt (default), csv or json" };
