import { terminalTable } from "@sieve/client";
import type { ApiKeyRecord } from "@sieve/core";
import { type RollGrace, rollGraces } from "@sieve/core";
import type { Command } from "commander";
import { apiKeyJson, emit, formatTime, type OutputOptions } from "../output.ts";
import { oneOf, wholeNumberAtLeast } from "../whole-number.ts";
import { withRepositories } from "../with-repositories.ts";

const graceArgument = oneOf(Object.keys(rollGraces) as RollGrace[], "must be none, 1h or 24h");
const expiresDaysArgument = wholeNumberAtLeast(1, "must be at least 1 day");

function describeKey(apiKey: ApiKeyRecord): string {
  const name = apiKey.name ? ` "${apiKey.name}"` : "";
  return `key ${apiKey.id}${name} (${apiKey.prefix}…) of account ${apiKey.accountId}`;
}

export function registerKeyCommands(program: Command): void {
  const key = program.command("key").description("manage API keys");

  key
    .command("create")
    .description("create an API key for an account and print it once")
    .requiredOption("--account <id>", "account id")
    .option("--name <name>", "a label for the key", "")
    .option("--expires-days <n>", "refuse the key N days from now (default: never)", expiresDaysArgument)
    .option("--json", "machine-readable output")
    .action(async (options: { account: string; name: string; expiresDays?: number } & OutputOptions) => {
      const created = await withRepositories(({ keys }) =>
        keys.create({
          accountId: options.account,
          name: options.name,
          expiresDays: options.expiresDays ?? null,
        }),
      );
      emit(options, { ...apiKeyJson(created.apiKey), key: created.key }, () => [
        `created ${describeKey(created.apiKey)}`,
        created.key,
        "store this key now: it is not stored and cannot be shown again",
      ]);
    });

  key
    .command("list")
    .description("list an account's keys (never the keys themselves)")
    .requiredOption("--account <id>", "account id")
    .option("--json", "machine-readable output")
    .action(async (options: { account: string } & OutputOptions) => {
      const listed = await withRepositories(({ keys }) => keys.listForAccount(options.account));
      emit(options, listed.map(apiKeyJson), () =>
        listed.length === 0
          ? [`account ${options.account} has no keys`]
          : terminalTable(
              ["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "EXPIRES", "REVOKED"],
              listed.map((row) => [
                row.id,
                row.name || "-",
                `${row.prefix}…`,
                formatTime(row.createdAt),
                formatTime(row.lastUsedAt),
                formatTime(row.expiresAt),
                formatTime(row.revokedAt),
              ]),
            ),
      );
    });

  key
    .command("rotate")
    .description("replace a key with a new one (printed once); the old one keeps working for the grace")
    .argument("<key-id>", "key id (from key list)")
    .option("--grace <span>", "how long the old key keeps working: none, 1h or 24h", graceArgument, "none")
    .option("--json", "machine-readable output")
    .action(async (keyId: string, options: { grace: RollGrace } & OutputOptions) => {
      const rolled = await withRepositories(({ keys }) => keys.roll(keyId, rollGraces[options.grace]));
      emit(options, { ...apiKeyJson(rolled.apiKey), key: rolled.key, old: apiKeyJson(rolled.old) }, () => [
        `created ${describeKey(rolled.apiKey)} in place of ${rolled.old.id}`,
        rolled.key,
        "store this key now: it is not stored and cannot be shown again",
        options.grace === "none"
          ? `the old key ${rolled.old.prefix}… is revoked`
          : `the old key ${rolled.old.prefix}… keeps working until ${formatTime(rolled.old.expiresAt)}`,
      ]);
    });

  key
    .command("revoke")
    .description("revoke a key: the API refuses it from the next request on")
    .argument("<key-id>", "key id (from key list)")
    .option("--json", "machine-readable output")
    .action(async (keyId: string, options: OutputOptions) => {
      const revoked = await withRepositories(({ keys }) => keys.revoke(keyId));
      emit(options, apiKeyJson(revoked), () => [
        `revoked ${describeKey(revoked)} at ${formatTime(revoked.revokedAt)}`,
      ]);
    });
}
