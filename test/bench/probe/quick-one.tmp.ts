import { performance } from "node:perf_hooks";
import { createProber } from "@sieve/probe";
import { startMicrosocks, startTinyproxy, startJudge } from "@sieve/test-support/harness";
import { createTargetGuard } from "@sieve/vocabulary";
const judge = await startJudge();
const ms = await startMicrosocks();
const tiny = await startTinyproxy({ anonymity: "elite" });
const prober = createProber({ judge: { httpUrl: judge.httpUrl, httpsUrl: judge.httpsUrl, secret: judge.secret }, guard: createTargetGuard({ allowCidrs: ["127.0.0.0/8"] }), ownAddresses: ["127.0.0.1"], timeouts: { connectMs: 2000, handshakeMs: 2000, totalMs: 2000 } });
for (const [name, p] of [["microsocks", ms], ["tinyproxy", tiny]] as const) {
  for (const protocol of [undefined, "http", "https", "socks5", "socks4"] as const) {
    const t = performance.now(); const cpu = process.cpuUsage();
    let r;
    for (let i = 0; i < 50; i++) r = await prober.probe({ host: p.host, port: p.port, ...(protocol ? { protocol } : {}) });
    const c = process.cpuUsage(cpu);
    console.log(name, protocol ?? "detect", ((performance.now() - t) / 50).toFixed(2), "ms/probe", ((c.user + c.system) / 1000 / 50).toFixed(2), "cpu ms", r!.status, r!.reason, r!.protocols.join(","));
  }
}
await ms.stop(); await tiny.stop(); await judge.stop();
