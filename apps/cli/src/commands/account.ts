import type { AccountRecord, Role } from "@sieve/core";
import type { Command } from "commander";
import { accountJson, emit, formatTime, type OutputOptions, table } from "../output.ts";
import { readPassword } from "../read-password.ts";
import { wholeNumber } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";

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

  account
    .command("list")
    .description("list every account, oldest first")
    .option("--json", "machine-readable output")
    .action(async (options: OutputOptions) => {
      const listed = await withRepositories(({ accounts }) => accounts.list());
      emit(options, listed.map(accountJson), () =>
        listed.length === 0
          ? ["no accounts"]
          : table(
              ["ID", "EMAIL", "ROLE", "STATUS", "PREMIUM UNTIL", "CREATED"],
              listed.map((row) => [
                row.id,
                row.email,
                row.role,
                row.status,
                formatTime(row.premiumUntil),
                formatTime(row.createdAt),
              ]),
            ),
      );
    });

  account
    .command("suspend")
    .description("suspend an account: its keys are refused until it is activated")
    .argument("<id>", "account id")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const suspended = await withRepositories(({ accounts }) => accounts.suspend(id));
      emit(options, accountJson(suspended), () => [`suspended ${describeAccount(suspended)}`]);
    });

  account
    .command("activate")
    .description("activate a suspended account")
    .argument("<id>", "account id")
    .option("--json", "machine-readable output")
    .action(async (id: string, options: OutputOptions) => {
      const activated = await withRepositories(({ accounts }) => accounts.activate(id));
      emit(options, accountJson(activated), () => [`activated ${describeAccount(activated)}`]);
    });

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
