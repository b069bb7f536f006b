import type { ApiKeyRecord } from "@sieve/core";
import type { Command } from "commander";
import { apiKeyJson, emit, formatTime, type OutputOptions, table } from "../output.ts";
import { withRepositories } from "../with-repositories.ts";

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
    .option("--json", "machine-readable output")
    .action(async (options: { account: string; name: string } & OutputOptions) => {
      const created = await withRepositories(({ keys }) =>
        keys.create({ accountId: options.account, name: options.name }),
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
          : table(
              ["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "REVOKED"],
              listed.map((row) => [
                row.id,
                row.name || "-",
                `${row.prefix}…`,
                formatTime(row.createdAt),
                formatTime(row.lastUsedAt),
                formatTime(row.revokedAt),
              ]),
            ),
      );
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
