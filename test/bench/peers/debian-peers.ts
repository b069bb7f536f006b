import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";

const POLICY = "/usr/sbin/policy-rc.d";

/** Whether `command` is on PATH. */
export function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/**
 * Debian's `proxycheck` and `nmap`, installed with apt-get when missing and this process is root.
 * A policy-rc.d that refuses every start (as infra/dev/setup-machine.sh does) keeps the install
 * from starting services. Resolves with which of the two can run; never throws.
 */
export function ensureDebianPeers(log: (line: string) => void): { proxycheck: boolean; nmap: boolean } {
  const missing = ["proxycheck", "nmap"].filter((command) => !onPath(command));
  if (missing.length > 0 && process.getuid?.() === 0 && onPath("apt-get")) {
    log(`installing ${missing.join(", ")} with apt-get`);
    const madePolicy = !existsSync(POLICY);
    if (madePolicy) writeFileSync(POLICY, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    try {
      execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        timeout: 180_000,
      });
    } catch (error) {
      log(`  apt-get install failed: ${(error as Error).message.split("\n")[0]}`);
    } finally {
      if (madePolicy) rmSync(POLICY, { force: true });
    }
  }
  return { proxycheck: onPath("proxycheck"), nmap: onPath("nmap") };
}
