// The leaf every other package and app speaks: errors, config fragments, the proxy vocabulary and
// the target guard. It loads no database, queue or HTTP framework.
export {
  checkJobConfig,
  commaList,
  count,
  databaseConfig,
  logConfig,
  queueConfig,
  redisConfig,
} from "./config/fragments.ts";
export { ConfigError, parseConfig } from "./config/parse-config.ts";
export { hasHashTag, parseRedisUrl, type RedisTarget } from "./config/redis-url.ts";
export {
  type ErrorCode,
  errorCodes,
  forbidden,
  invalidRequest,
  notFound,
  SieveError,
  unauthenticated,
  unavailable,
} from "./errors.ts";
export { guardConfig, webhookGuardConfig } from "./guard/guard-config.ts";
export { guardedIpv4Ranges, guardedIpv6Ranges, ipv6GlobalUnicast } from "./guard/guarded-ranges.ts";
export { checkGuardedUrl } from "./guard/guarded-url.ts";
export { interfaceAddresses } from "./guard/interface-addresses.ts";
export { canonicalIp, unmapIp } from "./guard/ip-literal.ts";
export { GuardedHostRefused, type Resolve, resolveGuarded } from "./guard/resolve-guarded.ts";
export {
  createTargetGuard,
  type GuardPolicy,
  parseCidr,
  type TargetGuard,
  type TargetGuardOptions,
} from "./guard/target-guard.ts";
export { formatHostPort, normaliseHost } from "./proxies/host-port.ts";
export { parseListedLine } from "./proxies/listed-line.ts";
export { maskedLine } from "./proxies/masked-line.ts";
export { type ProxyTarget, probeTargetOf } from "./proxies/probe-target.ts";
export {
  detectableProtocols,
  listedProtocol,
  type ProxyPoolName,
  ProxyProtocol,
  type ProxyProtocolName,
  proxyPools,
  proxyProtocols,
  proxySchemes,
} from "./proxies/protocols.ts";
export {
  formatProxyLine,
  type LineForm,
  lineForms,
  type ParsedLine,
  type ProxyLine,
  parseProxyLine,
} from "./proxies/proxy-line.ts";
export {
  CheckTarget,
  CheckTargets,
  issuePath,
  TargetResult,
} from "./targets/check-targets.ts";
