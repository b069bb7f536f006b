import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceRecord } from "@sieve/core";
import { invalidRequest, type ProxyProtocolName, proxyProtocols } from "@sieve/vocabulary";
import type { Command } from "commander";
import { emit, formatTime, type OutputOptions } from "../output.ts";
import { oneOf, wholeNumberAtLeast } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";
import { listCommand, recordCommand } from "./record-command.ts";

const protocolArgument = oneOf<ProxyProtocolName>(
  proxyProtocols,
  `must be one of ${proxyProtocols.join(", ")}`,
);
const intervalArgument = wholeNumberAtLeast(1, "must be at least 1 minute");

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
    listed: source.listed,
    live: source.live,
    alive_fraction_24h: source.aliveFraction24h,
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

  listCommand(
    source,
    "list sources with their last fetch, candidates, new, listed and live counts and the alive fraction over 24 h",
    ({ sources }) => sources.list(),
    {
      json: sourceJson,
      none: "no sources",
      header: [
        "ID",
        "LOCATION",
        "PROTOCOL",
        "EVERY",
        "ENABLED",
        "LAST FETCH",
        "CANDIDATES",
        "NEW",
        "LISTED",
        "LIVE",
        "ALIVE 24H",
        "ERROR",
      ],
      row: (row) => [
        row.id,
        row.location,
        row.protocol ?? "detect",
        `${row.intervalMinutes}m`,
        row.enabled ? "yes" : "no",
        formatTime(row.lastFetchedAt),
        String(row.candidates),
        String(row.newCandidates),
        String(row.listed),
        String(row.live),
        row.aliveFraction24h === null ? "-" : `${(row.aliveFraction24h * 100).toFixed(1)}%`,
        row.lastError ?? "-",
      ],
    },
  );

  for (const { name, description, done } of [
    {
      name: "disable",
      description: "stop fetching a source; its proxies stay and keep being checked",
      done: "disabled",
    },
    {
      name: "remove",
      description: "remove a source; its proxies stay and keep being checked",
      done: "removed",
    },
  ] as const) {
    recordCommand(
      source,
      { name, description, idDescription: "source id (from source list)" },
      ({ sources }, id) => sources[name](id),
      { json: sourceJson, human: (record) => `${done} source ${record.id}: ${record.location}` },
    );
  }
}
