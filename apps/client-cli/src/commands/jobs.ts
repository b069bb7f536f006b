import { terminalTable } from "@sieve/client";
import type { Command } from "commander";
import { write, writeJson } from "../cli-io.ts";
import { type CommandContext, choiceOption, jsonOption, positiveInteger } from "../command-context.ts";

const STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;

interface JobsOptions {
  status?: (typeof STATUSES)[number];
  page?: number;
  limit?: number;
  json?: boolean;
}

/** `sieve-client jobs`: your check jobs, newest first. */
export function registerJobsCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("jobs")
    .description("list your check jobs, newest first")
    .addOption(choiceOption("--status <status>", "only jobs in this state", STATUSES))
    .option("--page <n>", "page number", positiveInteger(10_000))
    .option("--limit <n>", "jobs a page (up to 200)", positiveInteger(200));
  jsonOption(command).action(async (options: JobsOptions) => {
    const page = await context.client().jobs({
      ...(options.status ? { status: options.status } : {}),
      ...(options.page ? { page: options.page } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    if (options.json) {
      await writeJson(context.io.stdout, page);
      return;
    }
    const rows = page.items.map((job) => [
      job.job_id,
      job.status,
      `${job.done}/${job.total}`,
      String(job.counts.live),
      String(job.counts.dead),
      String(job.counts.blocked),
      job.created_at,
    ]);
    const lines = terminalTable(["job", "status", "done", "live", "dead", "blocked", "created"], rows);
    const shown = page.items.length === 0 ? 0 : (page.page - 1) * page.limit + page.items.length;
    lines.push(`${shown} of ${page.total} jobs (page ${page.page})`);
    await write(context.io.stdout, `${lines.join("\n")}\n`);
  });
}
