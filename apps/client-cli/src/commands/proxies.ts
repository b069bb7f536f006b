import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { EXPORT_FORMATS, type ExportFormat, write } from "../cli-io.ts";
import {
  type CommandContext,
  choiceOption,
  countryCode,
  jsonOption,
  positiveInteger,
} from "../command-context.ts";
import { usageError } from "../exit-codes.ts";
import { limitExport } from "../limit-export.ts";

const PROTOCOLS = ["http", "https", "socks4", "socks5"] as const;
const ANONYMITY = ["transparent", "anonymous", "elite"] as const;

interface ProxiesOptions {
  protocol?: (typeof PROTOCOLS)[number];
  country?: string;
  anonymity?: (typeof ANONYMITY)[number];
  format: ExportFormat;
  limit?: number;
  out?: string;
  json?: boolean;
}

/** `sieve-client proxies`: the verified list, filtered, in the API's export formats. */
export function registerProxiesCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("proxies")
    .description("write the verified proxy list (the API's export), filtered")
    .addOption(choiceOption("--protocol <protocol>", "only this protocol", PROTOCOLS))
    .option("--country <code>", "only this country (two letters)", countryCode)
    .addOption(choiceOption("--anonymity <level>", "only this anonymity level", ANONYMITY))
    .addOption(choiceOption("--format <format>", "output format", EXPORT_FORMATS).default("txt"))
    .option("--limit <n>", "at most this many proxies", positiveInteger(1_000_000))
    .option("--out <file>", "write to this file instead of stdout");
  jsonOption(command).action(async (options: ProxiesOptions) => {
    // --json is the json format; asking for another one beside it is a contradiction, not a choice.
    if (options.json && command.getOptionValueSource("format") === "cli" && options.format !== "json") {
      throw usageError(`--json writes JSON; it cannot be combined with --format ${options.format}`);
    }
    const format: ExportFormat = options.json ? "json" : options.format;
    const client = context.client();
    const exported = await client.exportProxies({
      format,
      ...(options.protocol ? { protocol: options.protocol } : {}),
      ...(options.country ? { country: options.country } : {}),
      ...(options.anonymity ? { anonymity: options.anonymity } : {}),
    });
    const text = options.limit === undefined ? exported : limitExport(exported, format, options.limit);
    if (options.out) await writeFile(options.out, text);
    else await write(context.io.stdout, text);
  });
}
