import { test } from "@sieve/test-support";
import { describe, expect } from "vitest";
import { copyRowsIn } from "../src/db/copy-in.ts";

test.beforeAll(async ({ database }) => {
  await database.pool.query("CREATE TABLE copied (label text, amount int, bytes bytea)");
});

describe("copyRowsIn", () => {
  test("stores awkward text, numbers, bytes and nulls exactly", async ({ database }) => {
    const awkward = "tab\there\nnew line\r\\back\\slash \\N not null";
    const bytes = new Uint8Array([0, 9, 10, 92, 255]);
    const client = await database.pool.connect();
    try {
      await copyRowsIn(
        client,
        "copied",
        ["label", "amount", "bytes"],
        [
          [awkward, -7, bytes],
          [null, null, null],
        ],
      );
    } finally {
      client.release();
    }
    const rows = await database.pool.query(
      "SELECT label, amount, bytes FROM copied ORDER BY amount NULLS LAST",
    );
    expect(rows.rows).toEqual([
      { label: awkward, amount: -7, bytes: Buffer.from(bytes) },
      { label: null, amount: null, bytes: null },
    ]);
  });

  test("stores every row of a copy sent in many chunks, in order", async ({ database }) => {
    await database.pool.query("CREATE TABLE copied_many (label text, amount int)");
    // About 30 bytes a row: 20,000 rows make several chunks of the 64 KiB the copy sends at once.
    const rows = Array.from({ length: 20_000 }, (_, index) => [`row\t${index}\nend`, index] as const);
    const client = await database.pool.connect();
    try {
      await copyRowsIn(client, "copied_many", ["label", "amount"], rows);
    } finally {
      client.release();
    }
    const stored = await database.pool.query<{ label: string; amount: number }>(
      "SELECT label, amount FROM copied_many ORDER BY amount",
    );
    expect(stored.rows.map((row) => [row.label, row.amount])).toEqual(rows.map((row) => [...row]));
  });
});
