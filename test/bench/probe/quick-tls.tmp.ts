import { performance } from "node:perf_hooks";
import { connect } from "node:tls";
import { startJudge } from "@sieve/test-support/harness";
const judge = await startJudge();
const url = new URL(judge.httpsUrl);
for (const variant of ["fresh13", "resume13", "fresh12", "resume12"]) {
  let session: Buffer | undefined; let reused = 0;
  const cpu = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 200; i++) {
    await new Promise<void>((resolve) => {
      const s = connect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false, ...(variant.endsWith("12") ? { maxVersion: "TLSv1.2" as const } : {}), ...(variant.startsWith("resume") && session ? { session } : {}) });
      s.on("session", (b: Buffer) => { session = b; });
      s.on("secureConnect", () => { if (s.isSessionReused()) reused++; setTimeout(() => { s.destroy(); resolve(); }, 1); });
      s.on("error", () => resolve());
    });
  }
  const c = process.cpuUsage(cpu);
  console.log(variant, ((c.user + c.system) / 1000 / 200).toFixed(2), "cpu ms each (client+judge)", ((performance.now() - t) / 200).toFixed(2), "ms", "reused", reused);
}
await judge.stop();
