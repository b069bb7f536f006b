import { startMicrosocks, startTinyproxy } from "@sieve/test-support/harness";
import { runLoad, startJudgeProcess, stopChild } from "./child-process.ts";
const mode = process.argv[2] ?? "detect";
const { child, ...judge } = await startJudgeProcess("bench-judge-secret-0123456789");
const ms = await startMicrosocks({ openFiles: 20_000 });
const tiny = await startTinyproxy({ anonymity: "elite", maxClients: 2_000, openFiles: 20_000 });
const live = { host: ms.host, port: ms.port, protocol: "socks5" as const };
const list = [live, { host: tiny.host, port: tiny.port, protocol: "http" as const }];
try {
  if (mode === "detect") {
    const common = { proxy: live, proxies: list, judge, total: 3000, concurrency: 500, warmup: 300, timeoutMs: 2000, mode: "prober" };
    for (let i = 0; i < 2; i++) {
      const p = await runLoad("test/bench/probe/probe-load.ts", common);
      const d = await runLoad("test/bench/probe/probe-load.ts", { ...common, detect: true });
      console.log("pinned", Math.round(p.wallMs), Math.round(p.cpuMs), JSON.stringify(p.outcomes), "detected", Math.round(d.wallMs), Math.round(d.cpuMs), JSON.stringify(d.outcomes));
    }
  } else {
    const c = Number(mode);
    const p = await runLoad("test/bench/probe/probe-load.ts", { proxy: live, judge, total: 3 * c, concurrency: c, warmup: 500, timeoutMs: 10000, mode: "prober" });
    const f = await runLoad("test/bench/probe/probe-load.ts", { proxy: live, judge, total: 3 * c, concurrency: c, warmup: 500, timeoutMs: 10000, mode: "floor" });
    console.log("c", c, "prober", Math.round(p.wallMs), JSON.stringify(p.outcomes), JSON.stringify(p.connectMs), "floor", Math.round(f.wallMs));
  }
} finally {
  await stopChild(child); await ms.stop(); await tiny.stop();
}
