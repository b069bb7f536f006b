/**
 * Where a probe never connects unless an operator allows the range: addresses that are not
 * public hosts, or that reach the checker's own network or cloud metadata services.
 */
export const guardedIpv4Ranges = [
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", // private
  "100.64.0.0/10", // CGNAT; also Alibaba's metadata service at 100.100.100.200
  "127.0.0.0/8", // loopback
  "168.63.129.16/32", // Azure's platform and metadata endpoint
  "169.254.0.0/16", // link-local; AWS, GCP, Azure and others' metadata at 169.254.169.254
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments; Oracle's metadata at 192.0.0.192
  "192.0.2.0/24", // documentation
  "192.31.196.0/24", // AS112
  "192.52.193.0/24", // AMT
  "192.88.99.0/24", // 6to4 relay anycast
  "192.168.0.0/16", // private
  "192.175.48.0/24", // AS112
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, and the broadcast address
] as const;

/**
 * The only IPv6 space with public hosts: global unicast. Everything outside it is guarded (loopback,
 * unique local, link-local, multicast, unassigned space such as 4000::/2 ...), except the IPv4
 * forms that follow the IPv4 address they carry (see `carriedIpv4`).
 */
export const ipv6GlobalUnicast = "2000::/3";

/** Special ranges inside global unicast, guarded like the space outside it. */
export const guardedIpv6Ranges = [
  "2001::/23", // IETF protocol assignments: Teredo, benchmarking, AMT, AS112, ORCHID, drone tags
  "2001:db8::/32", // documentation
  "2620:4f:8000::/48", // AS112 (direct delegation)
  "3fff::/20", // documentation
] as const;
