import { createMetricsRegistry, createWorkerMetrics, meteredProber } from "@sieve/core";
import { createProber, mintJudgeNonce, openGeoIp } from "@sieve/probe";
import { createTargetGuard, type ProxyProtocol } from "@sieve/vocabulary";
import { runPool } from "./load-pool.ts";
import { rawSocks5Request } from "./raw-socks5-floor.ts";

/**
 * One measured load run in a process of its own, so its peak RSS is its own. Prints one JSON line
 * of figures. argv[2] is the JSON of `LoadSpec`.
 */
export interface LoadSpec {
  mode: "prober" | "floor";
  proxy: { host: string; port: number; protocol: ProxyProtocol };
  judge: { httpUrl: string; httpsUrl: string; secret: string };
  total: number;
  concurrency: number;
  warmup: number;
  timeoutMs: number;
  /** Prober mode: count every probe as the worker does, scraped at the deployed interval (15 s). */
  metrics?: boolean;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;

async function makeTask(): Promise<() => Promise<string>> {
  if (spec.mode === "floor") {
    const url = new URL(spec.judge.httpUrl);
    const judge = { octets: url.hostname.split(".").map(Number), port: Number(url.port) };
    return async () => {
      const request =
        `GET /?nonce=${mintJudgeNonce(spec.judge.secret, { lifetimeMs: spec.timeoutMs })} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: sieve-probe\r\n` +
        "Accept: */*\r\nConnection: close\r\n\r\n";
      return (await rawSocks5Request(spec.proxy, { ...judge, request }, spec.timeoutMs)) ? "live" : "failed";
    };
  }
  const bare = createProber({
    judge: spec.judge,
    guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8"] }),
    ownAddresses: ["127.0.0.1"],
    geoip: await openGeoIp(),
    timeouts: { connectMs: spec.timeoutMs, handshakeMs: spec.timeoutMs, totalMs: spec.timeoutMs },
  });
  let prober: Pick<typeof bare, "probe"> = bare;
  if (spec.metrics) {
    const registry = createMetricsRegistry({ service: "worker" });
    prober = meteredProber(bare, createWorkerMetrics(registry), "check");
    // infra/prometheus/prometheus.yml scrapes every 15 s; the first scrape falls inside the run.
    setTimeout(() => void registry.metrics(), 2_000).unref();
    setInterval(() => void registry.metrics(), 15_000).unref();
  }
  return async () => {
    const result = await prober.probe(spec.proxy, { anonymity: true });
    return result.reason ?? result.status;
  };
}

const task = await makeTask();
if (spec.warmup > 0) await runPool(spec.warmup, Math.min(spec.concurrency, 100), task);
const figures = await runPool(spec.total, spec.concurrency, task);
process.stdout.write(`${JSON.stringify(figures)}\n`);
