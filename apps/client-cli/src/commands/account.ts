import { terminalTable } from "@sieve/client";
import type { Command } from "commander";
import { write, writeJson } from "../cli-io.ts";
import { type CommandContext, jsonOption } from "../command-context.ts";

/** `sieve-client account`: who the key belongs to, what it may do, and what is left of its limits. */
export function registerAccountCommand(program: Command, context: CommandContext): void {
  const command = program.command("account").description("show your account, permissions and rate limits");
  jsonOption(command).action(async (options: { json?: boolean }) => {
    const account = await context.client().account();
    if (options.json) {
      await writeJson(context.io.stdout, account);
      return;
    }
    const lines = [
      `account      ${account.account_id}`,
      `email        ${account.email}`,
      `role         ${account.role}`,
      `tier         ${account.tier}${account.premium_until ? ` (until ${account.premium_until})` : ""}`,
      `status       ${account.status}`,
      `permissions  ${account.permissions.join(", ")}`,
      "",
      ...terminalTable(
        ["category", "limit", "window", "remaining", "resets at"],
        account.rate_limits.map((row) => [
          row.category,
          String(row.limit),
          `${row.window_seconds}s`,
          String(row.remaining),
          row.reset_at,
        ]),
      ),
    ];
    await write(context.io.stdout, `${lines.join("\n")}\n`);
  });
}
