const COUNTRIES = [
  "US",
  "CN",
  "RU",
  "BR",
  "ID",
  "IN",
  "DE",
  "FR",
  "GB",
  "VN",
  "TH",
  "BD",
  "IR",
  "UA",
  "TR",
  "MX",
  "CO",
  "AR",
  "EC",
  "PE",
  "VE",
  "NL",
  "PL",
  "JP",
  "KR",
  "SG",
  "HK",
  "TW",
  "CA",
  "ES",
  "IT",
  "EG",
  "ZA",
  "NG",
  "KE",
  "PH",
  "PK",
  "KZ",
  "CL",
  "SE",
];

/** Countries in the order of their share: the first is the most common. */
export const seedCountries: readonly string[] = COUNTRIES;

/**
 * Inserts $1 public proxies in one statement, server-side. Shares are skewed the way scraped
 * lists are: a few countries and plain HTTP dominate, latency has a long tail, uptime leans high.
 * Hosts are a bijection of the row number, so (pool, host, port, protocol) stays unique.
 */
export const seedProxiesSql = `
INSERT INTO proxies (pool, host, port, protocol, alive, country, anonymity, latency_ms, exit_ip,
                     uptime_score, checked_at, next_check_at, first_seen_at, last_success_at,
                     consecutive_failures, protocols, asn, org, checks, exit_differs)
SELECT 'public', host, port, protocol, alive, country,
       CASE WHEN alive THEN anonymity END,
       CASE WHEN alive THEN latency_ms END,
       CASE WHEN alive THEN host END,
       uptime, checked_at, checked_at + interval '15 minutes', checked_at - interval '30 days',
       CASE WHEN alive THEN checked_at END,
       CASE WHEN alive THEN 0 ELSE 1 + (r_protocol * 5)::int END,
       -- Every http proxy of the seed also tunnels to TLS; a few hundred networks, as scraped lists have.
       CASE WHEN protocol = 'http' THEN ARRAY['http', 'https']::proxy_protocol[] ELSE ARRAY[protocol] END,
       CASE WHEN alive THEN 64512 + (r_protocol * 400)::int END,
       CASE WHEN alive THEN 'Example Network ' || (r_protocol * 400)::int || ', Ltd.' END,
       1 + (r_protocol * 300)::int,
       false
FROM (
  SELECT
    ((h >> 24) & 255) || '.' || ((h >> 16) & 255) || '.' || ((h >> 8) & 255) || '.' || (h & 255) AS host,
    (ARRAY[80, 8080, 3128, 1080, 8888, 443, 9050, 4145])[1 + floor(random() * 8)::int] AS port,
    CASE WHEN r_protocol < 0.45 THEN 'http' WHEN r_protocol < 0.60 THEN 'https'
         WHEN r_protocol < 0.75 THEN 'socks4' ELSE 'socks5' END::proxy_protocol AS protocol,
    random() < 0.85 AS alive,
    (ARRAY['${COUNTRIES.join("','")}'])[1 + floor(${COUNTRIES.length} * power(random(), 2.2))::int] AS country,
    (ARRAY['transparent', 'anonymous', 'elite'])[1 + floor(random() * 3)::int]::anonymity AS anonymity,
    20 + floor(4980 * power(random(), 3))::int AS latency_ms,
    sqrt(random())::real AS uptime,
    now() - random() * interval '24 hours' AS checked_at,
    r_protocol
  FROM (
    SELECT (i * 2654435761) % 4294967296 AS h, random() AS r_protocol
    FROM generate_series(1::bigint, $1::bigint) AS i
  ) AS numbered
) AS drawn`;
