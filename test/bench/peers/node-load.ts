import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { createProbeLimit, createProber, mintJudgeNonce, openGeoIp } from "@sieve/probe";
import { createTargetGuard } from "@sieve/vocabulary";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";
import { rawSocks5Request } from "../probe/raw-socks5-floor.ts";
import type { Target } from "./farm.ts";
import { rawHttpProxyRequest } from "./raw-http-floor.ts";

/**
 * One Node tool over one list, in a process of its own (its CPU and peak RSS are measured from
 * outside, as every peer's are). argv[2] is the JSON of `NodeLoadSpec`; prints one JSON array, a
 * `LineResult` per line in list order.
 */
export interface NodeLoadSpec {
  /** floor: to Sieve's judge, as Sieve's probes do; floor-peer: to the peers' judge, as the peers do. */
  mode: "sieve-pinned" | "sieve-detected" | "floor" | "floor-peer" | "agents" | "proxy-check";
  listFile: string;
  concurrency: number;
  timeoutMs: number;
  judge: { httpUrl: string; httpsUrl: string; secret: string };
  /** The peers' judge, http://<address>/ on port 80. */
  peerJudgeAddress: string;
}

export interface LineResult {
  live: boolean;
  /** The exit IP the tool reported, where it reports one. */
  exit?: string;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as NodeLoadSpec;
const list = JSON.parse(readFileSync(spec.listFile, "utf8")) as Target[];

async function makeCheck(): Promise<(target: Target) => Promise<LineResult>> {
  const judgeUrl = new URL(spec.judge.httpUrl);
  const peerJudge = `http://${spec.peerJudgeAddress}/`;
  switch (spec.mode) {
    case "sieve-pinned":
    case "sieve-detected": {
      const prober = createProber({
        judge: spec.judge,
        guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8"] }),
        ownAddresses: ["127.0.0.1"],
        geoip: await openGeoIp(),
        timeouts: { connectMs: spec.timeoutMs, handshakeMs: spec.timeoutMs, totalMs: spec.timeoutMs },
      });
      // The worker's admission: probes in flight follow event-loop lag, up to the concurrency.
      const admit = createProbeLimit({ max: spec.concurrency });
      return async ({ host, port, protocol }) => {
        const target = spec.mode === "sieve-pinned" ? { host, port, protocol } : { host, port };
        const result = await admit(() => prober.probe(target, { anonymity: true }));
        return { live: result.status === "live", exit: result.exit_ip ?? undefined };
      };
    }
    case "floor":
    case "floor-peer": {
      const toPeer = spec.mode === "floor-peer";
      const judgeAt = toPeer ? new URL(peerJudge) : judgeUrl;
      const octets = judgeAt.hostname.split(".").map(Number);
      return async ({ host, port, protocol }) => {
        const nonce = toPeer ? "-" : mintJudgeNonce(spec.judge.secret, { lifetimeMs: spec.timeoutMs });
        const headers = `Host: ${judgeAt.host}\r\nUser-Agent: sieve-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
        const live =
          protocol === "socks5"
            ? await rawSocks5Request(
                { host, port },
                {
                  octets,
                  port: Number(judgeAt.port || 80),
                  request: `GET /?nonce=${nonce} HTTP/1.1\r\n${headers}`,
                },
                spec.timeoutMs,
              )
            : await rawHttpProxyRequest(
                { host, port },
                `GET ${judgeAt.origin}/?nonce=${nonce} HTTP/1.1\r\n${headers}`,
                spec.timeoutMs,
              );
        return { live };
      };
    }
    case "agents":
      return ({ host, port, protocol }) =>
        new Promise((resolve) => {
          const agent =
            protocol === "socks5"
              ? new SocksProxyAgent(`socks5://${host}:${port}`)
              : new HttpsProxyAgent(`http://${host}:${port}`);
          // The agents' own connect does not always give up when the request is aborted (a SOCKS
          // handshake to a port that never answers): one timer settles the line whatever happens.
          let settled = false;
          const settle = (result: LineResult) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(result);
          };
          const request = http.get(peerJudge, { agent }, (response) => {
            let body = "";
            response.setEncoding("latin1");
            response.on("data", (chunk: string) => {
              body += chunk;
            });
            response.on("end", () =>
              settle({ live: response.statusCode === 200, exit: /\[([0-9.]+)\]/.exec(body)?.[1] }),
            );
            response.on("error", () => settle({ live: false }));
          });
          const timer = setTimeout(() => {
            settle({ live: false });
            request.destroy();
          }, spec.timeoutMs);
          request.on("error", () => settle({ live: false }));
        });
    case "proxy-check": {
      // proxy-check always CONNECTs to www.google.com:443; the destination is turned to the
      // peers' judge here so nothing leaves loopback, and any other destination is refused.
      const original = http.request;
      (http as { request: unknown }).request = (options: http.RequestOptions) => {
        if (options.path !== "www.google.com:443") throw new Error(`refused destination ${options.path}`);
        return original({ ...options, path: `${spec.peerJudgeAddress}:80` });
      };
      const proxyCheck = createRequire(import.meta.url)("proxy-check") as (proxy: string) => Promise<boolean>;
      return async ({ host, port }) => ({
        live: await proxyCheck(`${host}:${port}`).then(
          (ok) => ok === true,
          () => false,
        ),
      });
    }
  }
}

const check = await makeCheck();
const results: LineResult[] = new Array(list.length);
let next = 0;
const lane = async () => {
  while (next < list.length) {
    const index = next++;
    results[index] = await check(list[index]!);
  }
};
await Promise.all(Array.from({ length: spec.concurrency }, lane));
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
