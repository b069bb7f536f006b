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
});
