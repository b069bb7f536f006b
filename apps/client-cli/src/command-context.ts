import { readFile } from "node:fs/promises";
import type { SieveClient } from "@sieve/client";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CliIo } from "./cli-io.ts";
import { usageError } from "./exit-codes.ts";
import type { FollowJob } from "./follow-job.ts";

/** What every command is given: the process's streams, the client, and how to follow a job. */
export interface CommandContext {
  io: CliIo;
  /** The client for SIEVE_API_URL with SIEVE_API_KEY; a usage error when no key is set. */
  client(): SieveClient;
  followJob(client: SieveClient): FollowJob;
}

export function jsonOption(command: Command): Command {
  return command.option("--json", "machine-readable output on stdout (and errors as JSON on stderr)");
}

export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices);
}

/** A whole number from 1 to `max`, for --limit and --page. */
export function positiveInteger(max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1 || number > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    }
    return number;
  };
}

export function countryCode(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value)) throw new InvalidArgumentError("expected a two-letter country code");
  return value.toUpperCase();
}

/** The list to check: a file's text, or standard input's for `-`. */
export async function readListText(source: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (source === "-") {
    let text = "";
    stdin.setEncoding("utf8");
    for await (const chunk of stdin) text += chunk;
    return text;
  }
  try {
    return await readFile(source, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw usageError(`cannot read ${source}: ${reason}`);
  }
}
