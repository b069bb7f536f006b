import { createMetricsRegistry, createWorkerMetrics, meteredProber } from "@sieve/core";
import * as probeSurface from "@sieve/probe";
import { createProber, mintJudgeNonce, openGeoIp } from "@sieve/probe";
import { createTargetGuard, type ProxyProtocol } from "@sieve/vocabulary";
import { percentiles, runPool } from "./load-pool.ts";
import { rawSocks5Request } from "./raw-socks5-floor.ts";

/**
 * One measured load run in a process of its own, so its peak RSS is its own. Prints one JSON line
 * of figures. argv[2] is the JSON of `LoadSpec`.
 */
export interface LoadSpec {
  mode: "prober" | "floor";
  proxy: { host: string; port: number; protocol: ProxyProtocol };
  /** Prober mode: a list probed in turn instead of `proxy` alone (the live list of the detection figures). */
  proxies?: { host: string; port: number; protocol: ProxyProtocol }[];
  /** Prober mode: leave the protocol out, so the prober detects it. */
  detect?: boolean;
  /** Prober mode, pinned: http lines also try CONNECT + TLS (`tlsTunnel`), as detection must to report https. */
  tlsTunnel?: boolean;
  judge: { httpUrl: string; httpsUrl: string; secret: string };
  total: number;
  concurrency: number;
  warmup: number;
  timeoutMs: number;
  /** Prober mode: count every probe as the worker does, scraped at the deployed interval (15 s). */
  metrics?: boolean;
  /**
   * Prober mode: every `every`-th probe goes to `proxy` (pinned) through a prober asking `judge`, a
   * judge of its own, and only those probes' latencies are reported. The rest load this process.
   */
  sample?: {
    proxy: { host: string; port: number; protocol: ProxyProtocol };
    judge: { httpUrl: string; httpsUrl: string; secret: string };
    every: number;
  };
}

const spec = JSON.parse(process.argv[2] ?? "{}") as LoadSpec;
const latency: { connect: number[]; ttfb: number[] } = { connect: [], ttfb: [] };

async function makeTask(): Promise<() => Promise<string>> {
  if (spec.mode === "floor") {
    const url = new URL(spec.judge.httpUrl);
    const judge = { octets: url.hostname.split(".").map(Number), port: Number(url.port) };
    return async () => {
      const request =
        `GET /?nonce=${mintJudgeNonce(spec.judge.secret, { lifetimeMs: spec.timeoutMs })} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: sieve-probe\r\n` +
        "Accept: */*\r\nConnection: close\r\n\r\n";
      const live = await rawSocks5Request(spec.proxy, { ...judge, request }, spec.timeoutMs, (ms) =>
        latency.connect.push(ms),
      );
      return live ? "live" : "failed";
    };
  }
  const geoip = await openGeoIp();
  const proberFor = (judge: LoadSpec["judge"]) =>
    createProber({
      judge,
      guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8"] }),
      ownAddresses: ["127.0.0.1"],
      geoip,
      timeouts: { connectMs: spec.timeoutMs, handshakeMs: spec.timeoutMs, totalMs: spec.timeoutMs },
    });
  const bare = proberFor(spec.judge);
  const sampler = spec.sample ? proberFor(spec.sample.judge) : undefined;
  let prober: Pick<typeof bare, "probe"> = bare;
  if (spec.metrics) {
    const registry = createMetricsRegistry({ service: "worker" });
    prober = meteredProber(bare, createWorkerMetrics(registry), "check");
    // infra/prometheus/prometheus.yml scrapes every 15 s; the first scrape falls inside the run.
    setTimeout(() => void registry.metrics(), 2_000).unref();
    setInterval(() => void registry.metrics(), 15_000).unref();
  }
  // The worker's admission of probes, where this build has one: probes in flight follow event-loop lag.
  const createLimit = (probeSurface as Record<string, unknown>).createProbeLimit as
    | ((options: { max: number }) => <T>(work: () => Promise<T>) => Promise<T>)
    | undefined;
  const admit = createLimit ? createLimit({ max: spec.concurrency }) : <T>(work: () => Promise<T>) => work();
  const list = spec.proxies ?? [spec.proxy];
  let next = 0;
  let count = 0;
  return async () => {
    count += 1;
    if (spec.sample && sampler && count % spec.sample.every === 0) {
      const result = await admit(() => sampler.probe(spec.sample!.proxy, { anonymity: true }));
      if (result.connect_ms !== null) latency.connect.push(result.connect_ms);
      if (result.ttfb_ms !== null) latency.ttfb.push(result.ttfb_ms);
      return result.reason ?? result.status;
    }
    const { protocol, ...at } = list[next++ % list.length]!;
    const target = spec.detect ? at : { ...at, protocol };
    const result = await admit(() =>
      prober.probe(target, { anonymity: true, ...(spec.tlsTunnel ? { tlsTunnel: true } : {}) }),
    );
    if (!spec.sample) {
      if (result.connect_ms !== null) latency.connect.push(result.connect_ms);
      if (result.ttfb_ms !== null) latency.ttfb.push(result.ttfb_ms);
    }
    return result.reason ?? result.status;
  };
}

const task = await makeTask();
if (spec.warmup > 0) await runPool(spec.warmup, Math.min(spec.concurrency, 100), task);
latency.connect.length = 0;
latency.ttfb.length = 0;
const figures = await runPool(spec.total, spec.concurrency, task);
const latencies = { connectMs: percentiles(latency.connect), ttfbMs: percentiles(latency.ttfb) };
process.stdout.write(`${JSON.stringify({ ...figures, ...latencies })}\n`);
