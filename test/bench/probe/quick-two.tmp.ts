import { performance } from "node:perf_hooks";
import { attemptProtocol } from "../../../packages/probe/src/protocol-attempt.ts";
import { attemptSettingsFrom } from "../../../packages/probe/src/prober.ts";
import { DetectionRace } from "../../../packages/probe/src/detection-race.ts";
import { startMicrosocks, startTinyproxy, startJudge } from "@sieve/test-support/harness";
const judge = await startJudge();
const ms = await startMicrosocks();
const tiny = await startTinyproxy({ anonymity: "elite" });
const settings = attemptSettingsFrom({ judge: { httpUrl: judge.httpUrl, httpsUrl: judge.httpsUrl, secret: judge.secret }, timeouts: { connectMs: 2000, handshakeMs: 2000, totalMs: 2000 } });
for (const p of [ms, tiny]) for (let i = 0; i < 3; i++) {
  const race = new DetectionRace(2000);
  const t0 = performance.now();
  const res = await Promise.all(["http", "socks5", "socks4"].map(async (pr) => { const o = await attemptProtocol(pr as any, { host: p.host, port: p.port }, settings, race); return `${pr}:${o.ok ? "ok" : o.failure.reason + "/" + o.failure.message + (o.retry ? "/RETRY" : "")}@${(performance.now() - t0).toFixed(1)}`; }));
  console.log(p.kind, res.join("  "));
}
await ms.stop(); await tiny.stop(); await judge.stop();
