import type { ChildProcess } from "node:child_process";
import {
  freePort,
  type RunningProxy,
  startMicrosocks,
  startSquid,
  startTinyproxy,
} from "@sieve/test-support/harness";
import {
  firstLineOf,
  type JudgeProcess,
  root,
  spawnWithManyFiles,
  startJudgeProcess,
  stopChild,
  tsx,
} from "../probe/child-process.ts";

/** One line of a peer-bench list, with the truth about it. */
export interface Target {
  host: string;
  port: number;
  /** The protocol a tool that must be told is told; a refusing or hanging port gets one too. */
  protocol: "socks5" | "http";
  kind: "live" | "refusing" | "hanging";
  /** Live lines: the address the judge must see. */
  exitAddress?: string;
}

export interface Farm {
  judge: Omit<JudgeProcess, "child">;
  /** The peers' judge: http://<peerJudgeAddress>/ on port 80, and its DNS responder. */
  peerJudgeAddress: string;
  peerDnsAddress: string;
  socks: RunningProxy[];
  http: RunningProxy[];
  refusing: number[];
  hanging: number[];
  stop(): Promise<void>;
}

const SECRET = "bench-judge-secret-0123456789";
// Port 80 and 53 on addresses of this run's own, so a second run or a leftover never collides.
const PEER_NET = `127.1.${process.pid % 250}`;
export const PEER_JUDGE_ADDRESS = `${PEER_NET}.80`;
export const PEER_DNS_ADDRESS = `${PEER_NET}.53`;

/**
 * The loopback farm: microsocks (SOCKS5), tinyproxy and squid (HTTP, CONNECT), each leaving from
 * its own 127.x address; closed ports (refusing); accept-and-hang ports; Sieve's real judge; and
 * the peers' judge (test/bench/peers/peer-judge.ts). Nothing here listens beyond 127.0.0.0/8.
 */
export async function startFarm(sizes: { socks: number; tinyproxy: number; squid: number }): Promise<Farm> {
  const children: ChildProcess[] = [];
  const proxies: RunningProxy[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child, 5_000)));
    await Promise.all(proxies.map((proxy) => proxy.stop().catch(() => {})));
  };
  try {
    const { child: judgeChild, ...judge } = await startJudgeProcess(SECRET);
    children.push(judgeChild);
    const peerJudge = spawnWithManyFiles(tsx, [
      `${root}test/bench/peers/peer-judge.ts`,
      PEER_JUDGE_ADDRESS,
      PEER_DNS_ADDRESS,
    ]);
    children.push(peerJudge);
    await firstLineOf(peerJudge);
    const hangChild = spawnWithManyFiles(tsx, [
      `${root}test/bench/peers/hang-ports.ts`,
      String(Math.ceil((sizes.socks + sizes.tinyproxy + sizes.squid) / 2)),
    ]);
    children.push(hangChild);
    const hanging = JSON.parse(await firstLineOf(hangChild)) as number[];
    const socks: RunningProxy[] = [];
    for (let index = 0; index < sizes.socks; index += 1)
      socks.push(await startMicrosocks({ openFiles: 20_000 }));
    const http: RunningProxy[] = [];
    for (let index = 0; index < sizes.tinyproxy; index += 1) {
      http.push(await startTinyproxy({ anonymity: "elite", maxClients: 2_000, openFiles: 20_000 }));
    }
    for (let index = 0; index < sizes.squid; index += 1) {
      http.push(await startSquid({ anonymity: "elite", openFiles: 20_000 }));
    }
    proxies.push(...socks, ...http);
    const refusing: number[] = [];
    for (let index = 0; index < socks.length + http.length; index += 1) refusing.push(await freePort());
    return {
      judge,
      peerJudgeAddress: PEER_JUDGE_ADDRESS,
      peerDnsAddress: PEER_DNS_ADDRESS,
      socks,
      http,
      refusing,
      hanging,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `rounds` rounds of the farm: each round names every live proxy once (SOCKS5 and HTTP in the
 * farm's proportion) and, when `mixed`, every refusing port and every hanging port once, evenly
 * interleaved. Lines repeat across rounds (a proxy process per line would not fit the machine);
 * within a round every host:port is distinct, which proxycheck needs (it merges repeats).
 */
export function buildRounds(farm: Farm, rounds: number, mixed: boolean): Target[][] {
  const live: Target[] = [
    ...farm.socks.map((proxy) => ({ proxy, protocol: "socks5" as const })),
    ...farm.http.map((proxy) => ({ proxy, protocol: "http" as const })),
  ].map(({ proxy, protocol }) => ({
    host: proxy.host,
    port: proxy.port,
    protocol,
    kind: "live" as const,
    exitAddress: proxy.exitAddress,
  }));
  const closed = (kind: "refusing" | "hanging", ports: number[]): Target[] =>
    ports.map((port, k) => ({ host: "127.0.0.1", port, protocol: k % 2 === 0 ? "socks5" : "http", kind }));
  const kinds = mixed ? [live, closed("refusing", farm.refusing), closed("hanging", farm.hanging)] : [live];
  // Each kind's k-th line sits at fraction (k + 0.5) / count of the round: an even spread.
  const round = kinds
    .flatMap((lines) => lines.map((line, k) => ({ line, at: (k + 0.5) / lines.length })))
    .sort((a, b) => a.at - b.at)
    .map(({ line }) => line);
  return Array.from({ length: rounds }, () => round);
}
