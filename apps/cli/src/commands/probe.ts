import { openProber, type ProbeResult, probeConfig } from "@sieve/probe";
import { invalidRequest, ProxyProtocol, parseConfig, parseProxyLine, probeTargetOf } from "@sieve/vocabulary";
import type { Command } from "commander";
import { localEnv } from "../local-secrets.ts";
import { emit, type OutputOptions } from "../output.ts";

interface ProbeOptions extends OutputOptions {
  protocol?: string;
  anonymity?: boolean;
}

function describe(result: ProbeResult): string[] {
  const lines = Object.entries(result)
    .filter(([, value]) => value !== null)
    .map(
      ([field, value]) => [field, Array.isArray(value) ? value.join(", ") || "-" : String(value)] as const,
    );
  const width = Math.max(...lines.map(([field]) => field.length));
  return lines.map(([field, value]) => `${field.padEnd(width)}  ${value}`);
}

export function registerProbeCommand(program: Command): void {
  program
    .command("probe")
    .description(
      "probe one proxy from this machine through the judge (JUDGE_URL, JUDGE_HTTPS_URL, JUDGE_SECRET, " +
        "which defaults to the one `pnpm start` made); " +
        "exits 0 when live, 2 when dead or blocked",
    )
    .argument(
      "<line>",
      "ip:port, ip:port:user:pass, user:pass@ip:port, scheme://[user:pass@]ip:port or [ipv6]:port",
    )
    .option("--protocol <protocol>", `one of ${ProxyProtocol.options.join(", ")}; detected when omitted`)
    .option("--anonymity", "classify anonymity from the headers the judge received")
    .option("--json", "machine-readable output")
    .action(async (line: string, options: ProbeOptions) => {
      const parsed = parseProxyLine(line.trim());
      if (!parsed.ok) throw invalidRequest(`cannot read the proxy line: ${parsed.error}`);
      const target = probeTargetOf(parsed.proxy);
      if (options.protocol !== undefined) {
        const protocol = ProxyProtocol.safeParse(options.protocol);
        if (!protocol.success) {
          throw invalidRequest(
            `unknown protocol "${options.protocol}": use one of ${ProxyProtocol.options.join(", ")}`,
          );
        }
        if (target.protocol !== undefined && target.protocol !== protocol.data) {
          throw invalidRequest(`--protocol ${protocol.data} contradicts the line's ${target.protocol}://`);
        }
        target.protocol = protocol.data;
      }
      // After `pnpm start` on this machine, its judge secret is the one to use.
      const prober = await openProber(parseConfig(probeConfig, localEnv()));
      const result = await prober.probe(target, { anonymity: options.anonymity === true });
      emit(options, result, () => describe(result));
      process.exitCode = result.status === "live" ? 0 : 2;
    });
}
