import type { AccountRecord, Role } from "@sieve/core";
import type { Command } from "commander";
import { accountJson, emit, formatTime, type OutputOptions } from "../output.ts";
import { readPassword } from "../read-password.ts";
import { wholeNumber } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";
import { listCommand, recordCommand } from "./record-command.ts";

function describeAccount(account: AccountRecord): string {
  const premium = account.premiumUntil ? `premium until ${account.premiumUntil.toISOString()}` : "no premium";
  return `account ${account.id} ${account.email} (${account.role}, ${account.status}, ${premium})`;
}

export function registerAccountCommands(program: Command): void {
  const account = program.command("account").description("manage accounts");

  account
    .command("create")
    .description("create an account")
    .requiredOption("--email <email>", "email address, unique")
    .option("--role <role>", "user, readonly or admin", "user")
    .option("--premium-days <n>", "premium subscription for N days from now", wholeNumber)
    .option("--json", "machine-readable output")
    .action(async (options: { email: string; role: string; premiumDays?: number } & OutputOptions) => {
      const created = await withRepositories(({ accounts }) =>
        accounts.create({
          email: options.email,
          role: options.role as Role,
          premiumDays: options.premiumDays,
        }),
      );
      emit(options, accountJson(created), () => [`created ${describeAccount(created)}`]);
    });

  listCommand(account, "list every account, oldest first", ({ accounts }) => accounts.list(), {
    json: accountJson,
    none: "no accounts",
    header: ["ID", "EMAIL", "ROLE", "STATUS", "PREMIUM UNTIL", "CREATED"],
    row: (row) => [
      row.id,
      row.email,
      row.role,
      row.status,
      formatTime(row.premiumUntil),
      formatTime(row.createdAt),
    ],
  });

  recordCommand(
    account,
    {
      name: "suspend",
      description: "suspend an account: its keys are refused until it is activated",
      idDescription: "account id",
    },
    ({ accounts }, id) => accounts.suspend(id),
    { json: accountJson, human: (suspended) => `suspended ${describeAccount(suspended)}` },
  );

  recordCommand(
    account,
    { name: "activate", description: "activate a suspended account", idDescription: "account id" },
    ({ accounts }, id) => accounts.activate(id),
    { json: accountJson, human: (activated) => `activated ${describeAccount(activated)}` },
  );

  account
    .command("password")
    .description(
      "set an account's password for the dashboard, read from standard input or asked for; the address counts as verified",
    )
    .argument("<id>", "account id")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const password = await readPassword();
      const updated = await withRepositories(({ setPassword }) => setPassword(id, password));
      emit(options, accountJson(updated), () => [
        `set the password of ${describeAccount(updated)}; its dashboard sessions ended`,
      ]);
    });

  account
    .command("premium")
    .description("set premium to end N days from now; 0 ends it now")
    .argument("<id>", "account id")
    .requiredOption("--days <n>", "days from now", wholeNumber)
    .option("--json", "machine-readable output")
    .action(async (id: string, options: { days: number } & OutputOptions) => {
      const updated = await withRepositories(({ accounts }) => accounts.setPremium(id, options.days));
      emit(options, accountJson(updated), () => [`updated ${describeAccount(updated)}`]);
    });
}
