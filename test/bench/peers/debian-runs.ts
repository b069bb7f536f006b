import type { Farm, Target } from "./farm.ts";
import { type Measured, measuredRun } from "./measured-run.ts";
import type { PortReport } from "./score.ts";

export interface PeerRun {
  measured: Measured;
  reports: PortReport[];
}

const loopback = /^127\.\d+\.\d+\.\d+$/;

function assertLoopback(addresses: string[]): void {
  const outside = addresses.find((address) => !loopback.test(address));
  if (outside) throw new Error(`refusing to point a peer at ${outside}: loopback only`);
}

/**
 * Debian's proxycheck, told each line's protocol (s5 or hc), checking with a chat through the
 * proxy to the peers' judge (whose answer carries the exit IP in brackets, which -x prints).
 * proxycheck merges repeated host:ports within one run, so each round of the list (distinct
 * host:ports) is its own run, all rounds at once with the concurrency shared out; CPU is summed
 * over the runs, peak RSS is the sum of their peaks, wall is until the last one exits.
 */
export async function runProxycheck(
  farm: Farm,
  rounds: Target[][],
  concurrency: number,
  timeoutMs: number,
): Promise<PeerRun> {
  const perRun = Math.max(1, Math.ceil(concurrency / rounds.length));
  assertLoopback([farm.peerJudgeAddress, ...rounds.flat().map((target) => target.host)]);
  const runs = await Promise.all(
    rounds.map((round) =>
      measuredRun("proxycheck", [
        "-x",
        "-d",
        `${farm.peerJudgeAddress}:80`,
        "-c",
        "chat:hello:sieve-peer-judge",
        "-t",
        String(Math.ceil(timeoutMs / 1000)),
        "-m",
        String(perRun),
        "-M",
        String(perRun),
        ...round.map(
          (target) => `${target.host}:${target.protocol === "socks5" ? "s5" : "hc"}:${target.port}`,
        ),
      ]),
    ),
  );
  const reports: PortReport[] = [];
  for (const run of runs) {
    for (const line of run.stdout.split("\n")) {
      // "127.0.0.1 s5:41080 open 127.64.0.2"
      const match = /^\S+ \w+:(\d+) open(?: (\S+))?/.exec(line);
      if (match) reports.push({ port: Number(match[1]), exit: match[2] });
    }
  }
  return {
    measured: {
      stdout: "",
      stderrTail: "",
      stderrLines: runs.reduce((sum, run) => sum + run.stderrLines, 0),
      wallMs: Math.max(...runs.map((run) => run.wallMs)),
      cpuMs: runs.reduce((sum, run) => sum + run.cpuMs, 0),
      maxRssBytes: runs.reduce((sum, run) => sum + run.maxRssBytes, 0),
    },
    reports,
  };
}

/**
 * nmap's socks-open-proxy and http-open-proxy NSE scripts, forced onto every open port (`+`,
 * since the farm's ports are not the scripts' well-known ones), fetching the peers' judge
 * (proxy.url, proxy.pattern) and resolving its name with the peers' DNS responder, never a
 * configured resolver. Repeated hosts are scanned once each, so the list's rounds become
 * repeats of 127.0.0.1 over the round's ports. -Pn -n: no discovery pings, no reverse DNS.
 */
export async function runNmap(
  farm: Farm,
  rounds: Target[][],
  concurrency: number,
  timeoutMs: number,
): Promise<PeerRun> {
  const ports = rounds[0]!.map((target) => target.port);
  const hosts = rounds.map(() => "127.0.0.1");
  assertLoopback([farm.peerJudgeAddress, farm.peerDnsAddress, ...rounds.flat().map((target) => target.host)]);
  const measured = await measuredRun("nmap", [
    "-Pn",
    "-n",
    "-sT",
    "--dns-servers",
    farm.peerDnsAddress,
    "-p",
    ports.join(","),
    "--script",
    "+socks-open-proxy,+http-open-proxy",
    "--script-args",
    `proxy.url=http://${farm.peerJudgeAddress}/,proxy.pattern=sieve.peer.judge`,
    "--script-timeout",
    `${Math.ceil(timeoutMs / 1000)}s`,
    "--min-parallelism",
    String(concurrency),
    "--max-parallelism",
    String(concurrency),
    "--min-hostgroup",
    String(hosts.length),
    "-oX",
    "-",
    ...hosts,
  ]);
  const reports: PortReport[] = [];
  for (const port of measured.stdout.split("<port ").slice(1)) {
    const id = /portid="(\d+)"/.exec(port)?.[1];
    const open =
      /<elem key="status">open<\/elem>/.test(port) ||
      /id="http-open-proxy" output="[^"]*OPEN proxy/i.test(port);
    if (id && open) reports.push({ port: Number(id) });
  }
  return { measured, reports };
}
