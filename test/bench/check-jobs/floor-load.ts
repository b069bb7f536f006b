import { mintJudgeNonce } from "@sieve/probe";
import { runPool } from "../probe/load-pool.ts";
import { rawSocks5Request } from "../probe/raw-socks5-floor.ts";

/**
 * The floor for one kind of line, in a process of its own: the probe benchmark's raw-socket SOCKS5 client
 * over the same ports, round robin, at the same concurrency as the worker fleet. Prints one JSON
 * line of `LoadFigures`. argv[2] is the JSON of `FloorSpec`.
 */
export interface FloorSpec {
  /** The address the proxies listen on. */
  host: string;
  ports: number[];
  timeoutMs: number;
  judgeUrl: string;
  /** The judge answers only nonces minted with its secret. */
  judgeSecret: string;
  total: number;
  concurrency: number;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as FloorSpec;
const judge = new URL(spec.judgeUrl);
const octets = judge.hostname.split(".").map(Number);
let next = 0;
const figures = await runPool(spec.total, spec.concurrency, async () =>
  (await rawSocks5Request(
    { host: spec.host, port: spec.ports[next++ % spec.ports.length]! },
    {
      octets,
      port: Number(judge.port),
      request:
        `GET /?nonce=${mintJudgeNonce(spec.judgeSecret, { lifetimeMs: spec.timeoutMs })} HTTP/1.1\r\nHost: ${judge.host}\r\nUser-Agent: sieve-probe\r\n` +
        "Accept: */*\r\nConnection: close\r\n\r\n",
    },
    spec.timeoutMs,
  ))
    ? "live"
    : "failed",
);
process.stdout.write(`${JSON.stringify(figures)}\n`);
