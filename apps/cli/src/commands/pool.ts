import { readFile } from "node:fs/promises";
import { terminalTable } from "@sieve/client";
import {
  type PremiumChange,
  type PremiumEntryState,
  type PremiumPoolEntry,
  premiumEntryStates,
} from "@sieve/core";
import {
  formatHostPort,
  invalidRequest,
  normaliseHost,
  type ProxyProtocolName,
  proxyProtocols,
} from "@sieve/vocabulary";
import { type Command, InvalidArgumentError } from "commander";
import { emit, formatTime, type OutputOptions } from "../output.ts";
import { oneOf, wholeNumberAtLeast } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";

const protocolArgument = oneOf<ProxyProtocolName>(
  proxyProtocols,
  `must be one of ${proxyProtocols.join(", ")}`,
);
const stateArgument = oneOf<PremiumEntryState>(
  premiumEntryStates,
  `must be one of ${premiumEntryStates.join(", ")}`,
);
const portArgument = (value: string) => {
  const port = wholeNumberAtLeast(1, "must be a port from 1 to 65535")(value);
  if (port > 65_535) throw new InvalidArgumentError("must be a port from 1 to 65535");
  return port;
};

function changeLines(change: PremiumChange, from: string): string[] {
  return [
    `premium pool: ${change.added} added of ${change.candidates} proxies in ${from} (${change.with_credentials} with credentials)`,
    ...change.refused.map((entry) => `refused ${entry.proxy}: ${entry.reason}`),
    ...change.invalid_examples.map((entry) => `unreadable line "${entry.line}": ${entry.error}`),
    ...(change.invalid_lines > change.invalid_examples.length
      ? [`… ${change.invalid_lines - change.invalid_examples.length} more unreadable lines`]
      : []),
  ];
}

const entryJson = (entry: PremiumPoolEntry) => entry;

export function registerPoolCommands(program: Command): void {
  const pool = program.command("pool").description("manage the premium proxy pool");

  pool
    .command("import")
    .description(
      "add the proxies of a file (text, JSON or CSV, credentials allowed) to the premium pool; they are checked like the public list",
    )
    .argument("<file>", "proxy list file")
    .option("--premium", "import into the premium pool (the public list is gathered from sources)")
    .option("--json", "machine-readable output")
    .action(async (file: string, options: { premium?: boolean } & OutputOptions) => {
      if (!options.premium) {
        throw invalidRequest(
          "only the premium pool is imported: add --premium (the public list comes from `sieve source add`)",
        );
      }
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw invalidRequest(`cannot read ${file}: ${error.code ?? error.message}`);
      });
      const imported = await withRepositories(({ premium }) => premium.add(text));
      emit(options, { pool: "premium", ...imported }, () => changeLines(imported, file));
    });

  pool
    .command("add")
    .description("add proxies given as arguments (ip:port, ip:port:user:pass, user:pass@ip:port, scheme://…)")
    .argument("<proxy...>", "proxy lines")
    .option("--json", "machine-readable output")
    .action(async (lines: string[], options: OutputOptions) => {
      const added = await withRepositories(({ premium }) => premium.add(lines.join("\n")));
      emit(options, { pool: "premium", ...added }, () => changeLines(added, "the arguments"));
    });

  pool
    .command("list")
    .description("list premium entries in every state, with their last check and error")
    .option("--state <state>", `only entries in this state (${premiumEntryStates.join(", ")})`, stateArgument)
    .option("--page <n>", "page", wholeNumberAtLeast(1, "must be at least 1"), 1)
    .option("--limit <n>", "entries per page (1-200)", wholeNumberAtLeast(1, "must be at least 1"), 50)
    .option("--json", "machine-readable output")
    .action(async (options: { state?: PremiumEntryState; page: number; limit: number } & OutputOptions) => {
      const limit = Math.min(options.limit, 200);
      const found = await withRepositories(({ poolEntries }) =>
        poolEntries.page({ page: options.page, limit, ...(options.state ? { state: options.state } : {}) }),
      );
      emit(
        options,
        { page: options.page, limit, total: found.total, items: found.items.map(entryJson) },
        () =>
          found.items.length === 0
            ? [
                `no premium entries${options.state ? ` in state ${options.state}` : ""} (total ${found.total})`,
              ]
            : [
                ...terminalTable(
                  ["PROXY", "PROTOCOL", "STATE", "USER", "LAST CHECK", "LATENCY", "UPTIME", "ERROR"],
                  found.items.map((entry) => [
                    entry.proxy_norm,
                    entry.detect_protocol ? `${entry.protocol} (detect)` : entry.protocol,
                    entry.state,
                    entry.username ?? (entry.has_credentials ? "(sealed)" : "-"),
                    formatTime(entry.checked_at),
                    entry.latency_ms === null ? "-" : `${entry.latency_ms}ms`,
                    String(entry.uptime_score),
                    entry.last_error ?? "-",
                  ]),
                ),
                `page ${options.page}, ${found.items.length} of ${found.total}`,
              ],
      );
    });

  pool
    .command("remove")
    .description("remove exactly one premium entry, named by host, port and protocol")
    .requiredOption("--host <ip>", "the entry's IP address")
    .requiredOption("--port <port>", "the entry's port", portArgument)
    .requiredOption("--protocol <protocol>", "the entry's protocol", protocolArgument)
    .option("--json", "machine-readable output")
    .action(async (options: { host: string; port: number; protocol: ProxyProtocolName } & OutputOptions) => {
      const host = normaliseHost(options.host.replace(/^\[(.*)\]$/, "$1"));
      if (!host) throw invalidRequest("--host must be an IPv4 or IPv6 address");
      const entry = { host, port: options.port, protocol: options.protocol };
      const removed = await withRepositories(({ poolEntries }) => poolEntries.remove(entry));
      const name = `${entry.protocol}://${formatHostPort(host, entry.port)}`;
      if (removed === 0) throw invalidRequest(`no premium entry ${name}`);
      emit(options, { removed, ...entry }, () => [`removed premium entry ${name}`]);
    });
}
