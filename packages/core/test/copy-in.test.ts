import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrivateDatabase, type PrivateDatabase } from "../../../test/support/databases.ts";
import { copyRowsIn } from "../src/db/copy-in.ts";

let database: PrivateDatabase;

beforeAll(async () => {
  database = await createPrivateDatabase();
  await database.pool.query("CREATE TABLE copied (label text, amount int, bytes bytea)");
});
afterAll(async () => {
  await database?.drop();
});

describe("copyRowsIn", () => {
  it("stores awkward text, numbers, bytes and nulls exactly", async () => {
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
