import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceRecord } from "@sieve/core";
import { invalidRequest, type ProxyProtocolName, proxyProtocols } from "@sieve/vocabulary";
import { type Command, InvalidArgumentError } from "commander";
import { emit, formatTime, type OutputOptions, table } from "../output.ts";
import { wholeNumber } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";

function protocolArgument(value: string): ProxyProtocolName {
  if (!(proxyProtocols as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${proxyProtocols.join(", ")}`);
  }
  return value as ProxyProtocolName;
}

function intervalArgument(value: string): number {
  const minutes = wholeNumber(value);
  if (minutes < 1) throw new InvalidArgumentError("must be at least 1 minute");
  return minutes;
}

/** URLs stay as given; anything else is a file on this machine, stored by absolute path. */
function sourceLocation(urlOrFile: string): string {
  if (/^https?:\/\//i.test(urlOrFile)) return new URL(urlOrFile).toString();
  const path = resolve(urlOrFile);
  if (!existsSync(path)) throw invalidRequest(`${urlOrFile} is neither an http(s) URL nor an existing file`);
  return path;
}

function sourceJson(source: SourceRecord) {
  return {
    id: source.id,
    location: source.location,
    protocol: source.protocol,
    interval_minutes: source.intervalMinutes,
    enabled: source.enabled,
    last_fetched_at: source.lastFetchedAt,
    last_error: source.lastError,
    candidates: source.candidates,
    new_candidates: source.newCandidates,
    live: source.live,
  };
}

export function registerSourceCommands(program: Command): void {
  const source = program.command("source").description("manage the lists the verified list is gathered from");

  source
    .command("add")
    .description("add a proxy list (http(s) URL or file) fetched on a schedule")
    .argument("<url-or-file>", "http(s) URL or path of a text, JSON or CSV list")
    .option("--protocol <protocol>", "protocol of entries that name none (default: detect)", protocolArgument)
    .option("--interval <minutes>", "minutes between fetches", intervalArgument, 60)
    .option("--json", "machine-readable output")
    .action(
      async (
        urlOrFile: string,
        options: { protocol?: ProxyProtocolName; interval: number } & OutputOptions,
      ) => {
        const location = sourceLocation(urlOrFile);
        const added = await withRepositories(({ sources }) =>
          sources.add({
            location,
            intervalMinutes: options.interval,
            ...(options.protocol ? { protocol: options.protocol } : {}),
          }),
        );
        emit(options, sourceJson(added), () => [
          `added source ${added.id}: ${added.location}, every ${added.intervalMinutes} min`,
        ]);
      },
    );

  source
    .command("list")
    .description("list sources with their last fetch, candidates, new and live counts")
    .option("--json", "machine-readable output")
    .action(async (options: OutputOptions) => {
      const listed = await withRepositories(({ sources }) => sources.list());
      emit(options, listed.map(sourceJson), () =>
        listed.length === 0
          ? ["no sources"]
          : table(
              [
                "ID",
                "LOCATION",
                "PROTOCOL",
                "EVERY",
                "ENABLED",
                "LAST FETCH",
                "CANDIDATES",
                "NEW",
                "LIVE",
                "ERROR",
              ],
              listed.map((row) => [
                row.id,
                row.location,
                row.protocol ?? "detect",
                `${row.intervalMinutes}m`,
                row.enabled ? "yes" : "no",
                formatTime(row.lastFetchedAt),
                String(row.candidates),
                String(row.newCandidates),
                String(row.live),
                row.lastError ?? "-",
              ]),
            ),
      );
    });

  source
    .command("disable")
    .description("stop fetching a source; its proxies stay and keep being checked")
    .argument("<id>", "source id (from source list)")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const disabled = await withRepositories(({ sources }) => sources.disable(id));
      emit(options, sourceJson(disabled), () => [`disabled source ${disabled.id}: ${disabled.location}`]);
    });

  source
    .command("remove")
    .description("remove a source; its proxies stay and keep being checked")
    .argument("<id>", "source id (from source list)")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const removed = await withRepositories(({ sources }) => sources.remove(id));
      emit(options, sourceJson(removed), () => [`removed source ${removed.id}: ${removed.location}`]);
    });
}
