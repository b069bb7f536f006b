import { writeFile } from "node:fs/promises";
import type { CheckTarget } from "@sieve/client";
import type { Command } from "commander";
import { EXPORT_FORMATS, type ExportFormat, write, writeJson } from "../cli-io.ts";
import {
  type CommandContext,
  choiceOption,
  jsonOption,
  positiveInteger,
  readListText,
} from "../command-context.ts";
import { CliFailure, ExitCode, usageError } from "../exit-codes.ts";
import { jobProgressBar } from "../job-progress-bar.ts";

interface CheckOptions {
  anonymity?: boolean;
  format: ExportFormat;
  out?: string;
  json?: boolean;
  target: string[];
  expectStatus?: number;
  expectText?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The --target pages, each with the --expect-* checks; the API validates them (a 400 names the field). */
function targetsOf(options: CheckOptions): CheckTarget[] | undefined {
  if (options.target.length === 0) {
    if (options.expectStatus !== undefined || options.expectText !== undefined) {
      throw usageError("--expect-status and --expect-text need at least one --target");
    }
    return undefined;
  }
  return options.target.map((url) => ({
    url,
    ...(options.expectStatus !== undefined ? { expect_status: options.expectStatus } : {}),
    ...(options.expectText !== undefined ? { expect_text: options.expectText } : {}),
  }));
}

/** `sieve-client check FILE|-`: submit a list, follow the job to its end, write its export. */
export function registerCheckCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("check")
    .description("check a list of proxies (one a line) and write the job's export")
    .argument("<file>", "the list's file, or - for standard input")
    .option("--anonymity", "also judge each live proxy's anonymity (slower)")
    .addOption(choiceOption("--format <format>", "export format", EXPORT_FORMATS).default("txt"))
    .option("--out <file>", "write the export to this file instead of stdout")
    .option(
      "--target <url>",
      "also request this page through each live proxy (repeatable, up to 3)",
      collect,
      [],
    )
    .option(
      "--expect-status <code>",
      "a target passes only with this status (default: any 2xx)",
      positiveInteger(599),
    )
    .option("--expect-text <text>", "a target passes only when its body contains this text");
  jsonOption(command).action(async (source: string, options: CheckOptions) => {
    const { io } = context;
    const targets = targetsOf(options);
    const text = await readListText(source, io.stdin);
    const client = context.client();
    const submitted = await client.submitCheck(text, {
      includeAnonymity: options.anonymity ?? false,
      ...(targets ? { targets } : {}),
    });
    if (!options.json) {
      await write(
        io.stderr,
        `submitted job ${submitted.job_id}: ${submitted.total} proxies (${submitted.invalid_lines} invalid, ${submitted.duplicate_lines} duplicate lines skipped)\n`,
      );
    }
    const progress = jobProgressBar(io.stderr, !options.json && io.stderr.isTTY === true);
    let job: Awaited<ReturnType<typeof client.job>>;
    try {
      job = await context.followJob(client)(submitted.job_id, (reading) => progress.update(reading));
    } finally {
      progress.stop();
    }
    if (job.status !== "completed") {
      throw new CliFailure(
        ExitCode.jobNotCompleted,
        `job ${job.job_id} ended ${job.status} after ${job.done}/${job.total}`,
        `job_${job.status}`,
      );
    }
    const exported = await client.exportJob(job.job_id, { format: options.format });
    if (options.out) await writeFile(options.out, exported);
    if (options.json) {
      await writeJson(io.stdout, { job, out: options.out ?? null, export: options.out ? null : exported });
      return;
    }
    if (!options.out) await write(io.stdout, exported);
    const { live, dead, blocked } = job.counts;
    await write(
      io.stderr,
      `job ${job.job_id} completed: ${job.done}/${job.total} checked, ${live} live, ${dead} dead, ${blocked} blocked\n`,
    );
  });
}
